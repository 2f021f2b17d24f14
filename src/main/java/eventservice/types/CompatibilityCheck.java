package eventservice.types;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The breaking changes between a type's latest schema and a new one, as its compatibility mode
 * counts them: BACKWARD asks whether a consumer with the new schema reads every event valid under
 * the previous one, FORWARD the reverse, FULL both ({@link SchemaReading} has the rules).
 */
public final class CompatibilityCheck {
    private CompatibilityCheck() {
    }

    /** Each breaking change, naming its place; empty when the new schema may follow the previous one. */
    public static List<String> breakingChanges(Compatibility mode, JsonNode previous, JsonNode next) {
        Set<String> changes = new LinkedHashSet<>();
        if (mode == Compatibility.BACKWARD || mode == Compatibility.FULL) {
            changes.addAll(SchemaReading.problems(next, previous, "new", "previous"));
        }
        if (mode == Compatibility.FORWARD || mode == Compatibility.FULL) {
            changes.addAll(SchemaReading.problems(previous, next, "previous", "new"));
        }
        return List.copyOf(changes);
    }
}
