package eventservice.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for PostgreSQL's autovacuum when the server runs without it (this machine's
 * PostgreSQL has {@code autovacuum = off}): the relay turns every event into a dead row version,
 * and the planner needs fresh statistics, so a production server would vacuum and analyze the
 * state table (event_state) as it drains. It does what autovacuum would with the server's own
 * autovacuum settings: looks every {@code autovacuum_naptime}, vacuums past the dead-row or
 * inserted-row threshold, analyzes past the changed-row threshold, and runs both cost-throttled
 * ({@code autovacuum_vacuum_cost_delay} / {@code _limit}). Until 2026-11-29 it looked every 10 s
 * and ran unthrottled, harsher than autovacuum: each VACUUM took a core for 135–312 ms.
 * {@code --autovacuum-naptime=S} and {@code --autovacuum-cost-delay=MS} override the server's values
 * (10 and 0 give the old behaviour). Does nothing when the server's autovacuum is on.
 */
final class Autovacuum implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger vacuums = new AtomicInteger();
    private final AtomicInteger analyzes = new AtomicInteger();
    private volatile boolean running = true;
    private final boolean active;

    /** The server's autovacuum settings that decide when and how hard it works on a table. */
    private record Settings(double naptimeS, long vacBase, double vacScale, long insBase, double insScale,
                            long anlBase, double anlScale, double costDelayMs, int costLimit) {
        static Settings read(Connection c, Opts o) throws SQLException {
            double limit = setting(c, "autovacuum_vacuum_cost_limit");  // -1: vacuum_cost_limit's
            return new Settings(
                    o.dbl("autovacuum-naptime", setting(c, "autovacuum_naptime")),
                    (long) setting(c, "autovacuum_vacuum_threshold"), setting(c, "autovacuum_vacuum_scale_factor"),
                    (long) setting(c, "autovacuum_vacuum_insert_threshold"), setting(c, "autovacuum_vacuum_insert_scale_factor"),
                    (long) setting(c, "autovacuum_analyze_threshold"), setting(c, "autovacuum_analyze_scale_factor"),
                    o.dbl("autovacuum-cost-delay", setting(c, "autovacuum_vacuum_cost_delay")),
                    (int) (limit >= 0 ? limit : setting(c, "vacuum_cost_limit")));
        }

        private static double setting(Connection c, String name) throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT setting::float8 FROM pg_settings WHERE name = '" + name + "'")) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    Autovacuum(Opts o, String db) throws Exception {
        boolean serverOff;
        Settings settings;
        try (Connection c = Pg.connect(o, db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            serverOff = rs.getString(1).equals("off");
            settings = Settings.read(c, o);
        }
        active = serverOff && !o.str("autovacuum", "emulate").equals("off");
        thread = Thread.ofPlatform().daemon().name("autovacuum-stand-in").unstarted(() -> loop(o, db, settings));
        if (active) {
            System.out.printf("  (the server's autovacuum is off: the bench vacuums and analyzes event_state as autovacuum would,"
                    + " every %s s, cost delay %s ms, cost limit %d)%n", plain(settings.naptimeS()), plain(settings.costDelayMs()),
                    settings.costLimit());
            thread.start();
        }
    }

    private void loop(Opts o, String db, Settings st) {
        try (Connection c = Pg.connect(o, db)) {
            // Session settings, so both VACUUM and ANALYZE sleep as autovacuum's workers do.
            Pg.exec(c, "SET vacuum_cost_delay = '" + st.costDelayMs() + "ms'");
            Pg.exec(c, "SET vacuum_cost_limit = " + st.costLimit());
            while (running) {
                long napUntil = System.nanoTime() + (long) (st.naptimeS() * 1e9);
                while (running && System.nanoTime() < napUntil) {
                    Thread.sleep(100);
                }
                if (!running) {
                    return;
                }
                String work = due(c, st);
                if (work != null) {
                    long t0 = System.nanoTime();
                    LocalTime at = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
                    Pg.exec(c, work);
                    (work.startsWith("VACUUM") ? vacuums : analyzes).incrementAndGet();
                    System.out.printf("  autovacuum stand-in: %s at %s UTC, %d ms%n", work, at, (System.nanoTime() - t0) / 1_000_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (running) {
                System.err.println("autovacuum stand-in stopped: " + e.getMessage());
            }
        }
    }

    /** What autovacuum would run on event_state now, from the same counters it reads; null if nothing. */
    private static String due(Connection c, Settings st) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT greatest(c.reltuples, 0), t.n_dead_tup, t.n_ins_since_vacuum, t.n_mod_since_analyze
                  FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid WHERE t.relname = 'event_state'""")) {
            if (!rs.next()) {
                return null;
            }
            double tuples = rs.getDouble(1);
            boolean vacuum = rs.getLong(2) > st.vacBase() + st.vacScale() * tuples
                    || rs.getLong(3) > st.insBase() + st.insScale() * tuples;
            boolean analyze = rs.getLong(4) > st.anlBase() + st.anlScale() * tuples;
            return vacuum ? (analyze ? "VACUUM (ANALYZE) event_state" : "VACUUM event_state") : analyze ? "ANALYZE event_state" : null;
        }
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** "server" when the server's autovacuum runs, otherwise how many VACUUM / ANALYZE-only runs it made. */
    String describe() {
        return active ? vacuums.get() + "_vacuum+" + analyzes.get() + "_analyze" : "server";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (active) {
            thread.join(120_000);
        }
    }
}
