package eventservice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import eventservice.support.TestConfig;

/** EXPLAIN of the service's named statements, as a pooled connection plans them. */
final class Plans {
    private Plans() {
    }

    /** Runs the statements on one connection; returns the last one's rows, one line each. */
    static String explain(String database, String... statements) throws Exception {
        try (Connection c = TestConfig.adminConnection(database);
             Statement s = c.createStatement()) {
            for (int i = 0; i < statements.length - 1; i++) {
                s.execute(statements[i]);
            }
            StringBuilder lines = new StringBuilder();
            try (ResultSet rs = s.executeQuery(statements[statements.length - 1])) {
                while (rs.next()) {
                    lines.append(rs.getString(1)).append('\n');
                }
            }
            return lines.toString();
        }
    }

    /**
     * The generic plan of {@code statement} (a pooled connection keeps one after a few executions),
     * PREPAREd with {@code types} and EXPLAINed with {@code arguments}.
     */
    static String generic(String database, String statement, String types, String arguments) throws Exception {
        return explain(database, "SET plan_cache_mode = force_generic_plan",
                       "PREPARE s(" + types + ") AS " + numbered(statement),
                       "EXPLAIN EXECUTE s(" + arguments + ")");
    }

    /** The statement with JDBC's ? placeholders as $1, $2 … for PREPARE. */
    private static String numbered(String statement) {
        int n = 0;
        StringBuilder out = new StringBuilder();
        for (char c : statement.toCharArray()) {
            out.append(c == '?' ? "$" + (++n) : String.valueOf(c));
        }
        return out.toString();
    }
}
