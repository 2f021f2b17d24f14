package eventservice.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Random JSON object texts, written as a producer might: any whitespace, numbers of any size and
 * form, strings from every Unicode plane (raw or escaped), nesting up to the service's 64 levels,
 * empty objects and arrays. Member names are unique in each object (as decoded), no string holds
 * NUL or an unpaired surrogate: every text is one the service must accept and keep as it is.
 */
public final class RandomJson {
    public static final int MAX_DEPTH = 64;
    private static final String[] NUMBERS = {"0", "-0", "-0.0", "0e0", "0E-0", "1e400", "-1E-400", "1.0E+2", "1.10",
            "12345678901234567890123456789.123456789", "9007199254740993", "-9223372036854775809",
            "18446744073709551616", "4.9e-324", "1.7976931348623157e309", "0.1", "100", "2.50"};

    private final Random random;

    public RandomJson(long seed) {
        this.random = new Random(seed);
    }

    /** One object, nested at most {@code maxDepth} levels (itself the first). */
    public String object(int maxDepth) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(40) == 0) {
            deepChain(out, 1 + random.nextInt(maxDepth));
        } else {
            object(out, 1, maxDepth);
        }
        return out.toString();
    }

    /** Objects and arrays inside each other, {@code levels} deep. */
    private void deepChain(StringBuilder out, int levels) {
        Deque<Character> closers = new ArrayDeque<>();
        out.append('{');
        closers.push('}');
        for (int i = 1; i < levels; i++) {
            if (closers.peek() == '}') {
                out.append("\"d\":");
            }
            boolean object = random.nextBoolean();
            out.append(object ? '{' : '[');
            closers.push(object ? '}' : ']');
        }
        while (!closers.isEmpty()) {
            out.append(closers.pop());
        }
    }

    private void object(StringBuilder out, int depth, int maxDepth) {
        out.append('{');
        int members = depth == 1 ? random.nextInt(12) : random.nextInt(5);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < members; i++) {
            String name;
            do {
                name = text(random.nextInt(8) == 0 ? 40 : 8);
            } while (!names.add(name));
            space(out);
            if (i > 0) {
                out.append(',');
                space(out);
            }
            string(out, name);
            space(out);
            out.append(':');
            space(out);
            value(out, depth, maxDepth);
        }
        space(out);
        out.append('}');
    }

    private void array(StringBuilder out, int depth, int maxDepth) {
        out.append('[');
        int items = random.nextInt(5);
        for (int i = 0; i < items; i++) {
            space(out);
            if (i > 0) {
                out.append(',');
                space(out);
            }
            value(out, depth, maxDepth);
        }
        space(out);
        out.append(']');
    }

    private void value(StringBuilder out, int depth, int maxDepth) {
        int kind = random.nextInt(depth < maxDepth ? 10 : 7);
        switch (kind) {
            case 0, 1 -> number(out);
            case 2, 3 -> string(out, text(random.nextInt(30) == 0 ? 2000 + random.nextInt(8000) : random.nextInt(24)));
            case 4 -> out.append(random.nextBoolean() ? "true" : "false");
            case 5 -> out.append("null");
            case 6 -> out.append(random.nextBoolean() ? "{}" : "[]");
            case 7, 8 -> object(out, depth + 1, maxDepth);
            default -> array(out, depth + 1, maxDepth);
        }
    }

    private void number(StringBuilder out) {
        if (random.nextBoolean()) {
            out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            return;
        }
        if (random.nextInt(4) == 0) {
            out.append('-');
        }
        int digits = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 12);
        out.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < digits; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextBoolean()) {
            out.append('.');
            int fraction = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 8);
            for (int i = 0; i < fraction; i++) {
                out.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(3) == 0) {
            out.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(3);
            out.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            out.append(random.nextInt(random.nextBoolean() ? 10 : 999));
        }
    }

    /** Text of up to {@code max} code points from every plane (no NUL, no surrogate code points). */
    private String text(int max) {
        int length = random.nextInt(max + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(codePoint());
        }
        return s.toString();
    }

    private int codePoint() {
        int cp;
        do {
            cp = switch (random.nextInt(6)) {
                case 0, 1 -> 0x20 + random.nextInt(0x5f);                  // ASCII
                case 2 -> 1 + random.nextInt(0x1f);                        // control characters (escaped)
                case 3 -> 0x80 + random.nextInt(0x780);                    // Latin, Greek, Cyrillic …
                case 4 -> 0x800 + random.nextInt(0x10000 - 0x800);         // the rest of plane 0
                default -> 0x10000 * (1 + random.nextInt(16)) + random.nextInt(0x10000);  // planes 1-16
            };
        } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
        return cp;
    }

    /** {@code s} as a JSON string: each character raw where JSON allows, or escaped at random. */
    private void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean mustEscape = cp < 0x20 || cp == '"' || cp == '\\';
            if (!mustEscape && random.nextInt(6) != 0) {
                out.appendCodePoint(cp);
            } else if (cp == '"' || cp == '\\' || (random.nextBoolean() && "\b\f\n\r\t/".indexOf(cp) >= 0)) {
                out.append('\\').append(switch (cp) {
                    case '\b' -> 'b';
                    case '\f' -> 'f';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> (char) cp;
                });
            } else {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                }
            }
        }
        out.append('"');
    }

    private void space(StringBuilder out) {
        if (random.nextInt(3) == 0) {
            for (int n = random.nextInt(3); n >= 0; n--) {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }
    }

    /** A text the service must refuse, made from {@code valid}, and what makes it so. */
    public record Refused(String text, String why) {
    }

    public Refused refused(String valid) {
        return switch (random.nextInt(8)) {
            case 0 -> new Refused("{\"k\":1,\"k\":2," + tail(valid), "repeated member");
            case 1 -> new Refused("{\"x\":{\"k\":true,\"k\":false}," + tail(valid), "repeated member inside");
            case 2 -> new Refused("{\"s\":\"a\\u0000b\"," + tail(valid), "NUL");
            case 3 -> new Refused("{\"s\":[\"\\ud83d\"]," + tail(valid), "unpaired surrogate");
            case 4 -> new Refused("{\"d\":" + "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH) + "," + tail(valid), "65 levels");
            case 5 -> new Refused("{\"n\":" + "7".repeat(1001) + "," + tail(valid), "number of 1001 digits");
            case 6 -> new Refused("{\"n\":" + (random.nextBoolean() ? "NaN" : "-Infinity") + "," + tail(valid), "non-finite");
            default -> new Refused("[" + valid + "]", "not an object");
        };
    }

    /** {@code valid} without its opening brace, as the rest of a bigger object ("}" when it was empty). */
    private static String tail(String valid) {
        String rest = valid.substring(1).strip();
        return rest.equals("}") ? "\"end\":0}" : rest;
    }
}
