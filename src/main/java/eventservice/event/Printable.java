package eventservice.event;

/** Text from a request, made safe to repeat in an error message: control characters and unpaired surrogates as '?', long text cut. */
public final class Printable {
    private Printable() {
    }

    public static String of(String s, int max) {
        String shown = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> {
            boolean unprintable = Character.isISOControl(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
            out.append(unprintable ? "?" : Character.toString(cp));
        });
        return out.toString();
    }
}
