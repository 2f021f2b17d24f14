package eventservice.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key=value} options; every value has a default, so each step runs with none. */
final class Opts {
    private final Map<String, String> values = new HashMap<>();

    Opts(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --key=value, got " + a);
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                values.put(a.substring(2), "true");
            } else {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
    }

    String str(String key, String def) {
        return values.getOrDefault(key, def);
    }

    int integer(String key, int def) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : def;
    }

    long lng(String key, long def) {
        return values.containsKey(key) ? Long.parseLong(values.get(key)) : def;
    }

    boolean bool(String key, boolean def) {
        return values.containsKey(key) ? Boolean.parseBoolean(values.get(key)) : def;
    }

    double dbl(String key, double def) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : def;
    }

    /** A comma-separated list of whole numbers. */
    List<Integer> ints(String key, String def) {
        List<Integer> out = new ArrayList<>();
        for (String s : str(key, def).split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }
}
