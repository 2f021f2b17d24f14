package eventservice.types;

import java.util.List;

/**
 * A new schema version that the type's compatibility mode refuses: 409 / FAILED_PRECONDITION, the
 * request being sound but at odds with the version stored. The message lists each breaking change.
 */
public final class IncompatibleSchemaException extends RuntimeException {
    private static final int SHOWN = 20;

    public IncompatibleSchemaException(String name, Compatibility mode, int previousVersion, List<String> changes) {
        super("schema: not " + mode + "-compatible with version " + previousVersion + " of " + name + " ("
                + changes.size() + (changes.size() == 1 ? " breaking change" : " breaking changes") + "): "
                + String.join("; ", changes.subList(0, Math.min(SHOWN, changes.size())))
                + (changes.size() > SHOWN ? "; …" : ""));
    }
}
