package eventservice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import eventservice.support.TestConfig;
import io.helidon.config.Config;

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
     * The generic plan of the statement named {@code name} in {@code config}'s db.statements, in its
     * database (the service's connections keep generic plans: db.pool.dataSource.options),
     * PREPAREd with {@code types} and EXPLAINed with {@code arguments}.
     */
    static String generic(Config config, String name, String types, String arguments) throws Exception {
        return genericAfter(config, name, types, arguments);
    }

    /** As {@link #generic}, planned as if {@code index} did not exist (dropped in a transaction never committed). */
    static String genericWithout(Config config, String index, String name, String types, String arguments) throws Exception {
        return genericAfter(config, name, types, arguments, "BEGIN", "DROP INDEX " + index);
    }

    private static String genericAfter(Config config, String name, String types, String arguments, String... first)
            throws Exception {
        String statement = config.get("db.statements." + name).asString().get();
        List<String> statements = new ArrayList<>(List.of(first));
        statements.addAll(List.of("SET plan_cache_mode = force_generic_plan",
                                  "PREPARE s(" + types + ") AS " + numbered(statement),
                                  "EXPLAIN EXECUTE s(" + arguments + ")"));
        return explain(config.get("db.name").asString().get(), statements.toArray(String[]::new));
    }

    /** The most rows any node of an EXPLAIN ANALYZE's plan produced. */
    static long mostRowsOfANode(String plan) {
        return ROWS.matcher(plan).results().mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
    }

    /** The total cost the planner gave the first node of {@code plan} whose line contains {@code node}. */
    static double totalCost(String plan, String node) {
        return plan.lines().filter(line -> line.contains(node)).findFirst()
                .map(line -> COST.matcher(line)).filter(Matcher::find)
                .map(m -> Double.parseDouble(m.group(1)))
                .orElseThrow(() -> new AssertionError("no " + node + " in\n" + plan));
    }

    private static final Pattern COST = Pattern.compile("cost=[0-9.]+\\.\\.([0-9.]+)");
    private static final Pattern ROWS = Pattern.compile("actual rows=(\\d+)");

    /** The statement with JDBC's ? placeholders as $1, $2 … for PREPARE. */
    static String numbered(String statement) {
        int n = 0;
        StringBuilder out = new StringBuilder();
        for (char c : statement.toCharArray()) {
            out.append(c == '?' ? "$" + (++n) : String.valueOf(c));
        }
        return out.toString();
    }
}
