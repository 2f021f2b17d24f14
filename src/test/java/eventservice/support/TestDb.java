package eventservice.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Looks at the events table directly, as an operator would with psql. */
public record TestDb(String database) {

    public long count(String where) {
        try (Connection c = TestConfig.adminConnection(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public List<String> strings(String sql) {
        try (Connection c = TestConfig.adminConnection(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Stores events as the service does, each in event_log with a PENDING row in event_state:
     * {@code columnsAndQuery} is an INSERT's column list and rows for event_log.
     */
    public void insertEvents(String columnsAndQuery) {
        insertEvents(columnsAndQuery, "", "");
    }

    /**
     * As {@link #insertEvents(String)}, setting {@code stateColumns} of each event_state row (a
     * comma-separated list) to {@code stateValues} (SQL expressions, in the same order).
     */
    public void insertEvents(String columnsAndQuery, String stateColumns, String stateValues) {
        String columns = stateColumns.isEmpty() ? "" : ", " + stateColumns;
        String values = stateValues.isEmpty() ? "" : ", " + stateValues;
        execute("WITH logged AS (INSERT INTO event_log " + columnsAndQuery + " RETURNING seq, aggregate_id)"
                + " INSERT INTO event_state (seq, aggregate_id" + columns + ") SELECT seq, aggregate_id" + values + " FROM logged");
    }

    /** Removes every event. */
    public void truncate() {
        execute("TRUNCATE event_log, event_state");
    }

    public void execute(String sql) {
        try (Connection c = TestConfig.adminConnection(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
