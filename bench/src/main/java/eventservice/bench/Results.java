package eventservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run, one line per measurement: {@code kind <TAB> label <TAB> key=value ...}.
 * Each step appends; {@code report} reads them all back.
 */
final class Results {
    record Row(String kind, String label, Map<String, String> values) {
        double num(String key) {
            String v = values.get(key);
            return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
        }

        String str(String key) {
            return values.getOrDefault(key, "");
        }
    }

    private Results() {
    }

    static synchronized void append(Path file, String kind, String label, Map<String, ?> values) {
        StringBuilder sb = new StringBuilder(kind).append('\t').append(label);
        values.forEach((k, v) -> sb.append('\t').append(k).append('=').append(format(v)));
        sb.append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        System.out.println("  " + sb.toString().strip().replace('\t', ' '));
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : "%.3f", d);
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        return String.valueOf(v).replace('\t', ' ').replace('\n', ' ');
    }

    static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            rows.add(new Row(parts[0], parts.length > 1 ? parts[1] : "", values));
        }
        return rows;
    }
}
