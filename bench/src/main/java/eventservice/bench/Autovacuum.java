package eventservice.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for PostgreSQL's autovacuum when the server runs without it (this machine's
 * PostgreSQL has {@code autovacuum = off}): the relay turns every event into dead row versions,
 * and the planner needs fresh statistics, so a production server would vacuum and analyze the
 * state table (event_state) as it drains. Same thresholds as autovacuum's defaults (vacuum at 20 % dead rows,
 * analyze at 10 % changed, plus 50), checked every 10 s instead of a 60 s nap; the VACUUM itself is
 * not cost-throttled as autovacuum's is. Does nothing when the server's autovacuum is on.
 */
final class Autovacuum implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger vacuums = new AtomicInteger();
    private final AtomicInteger analyzes = new AtomicInteger();
    private volatile boolean running = true;
    private final boolean active;

    Autovacuum(Opts o, String db) throws Exception {
        boolean serverOff;
        try (Connection c = Pg.connect(o, db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            serverOff = rs.getString(1).equals("off");
        }
        active = serverOff && !o.str("autovacuum", "emulate").equals("off");
        thread = Thread.ofPlatform().daemon().name("autovacuum-stand-in").unstarted(() -> loop(o, db));
        if (active) {
            System.out.println("  (the server's autovacuum is off: the bench vacuums and analyzes event_state at autovacuum's thresholds)");
            thread.start();
        }
    }

    private void loop(Opts o, String db) {
        try (Connection c = Pg.connect(o, db)) {
            while (running) {
                for (int i = 0; i < 100 && running; i++) {
                    Thread.sleep(100);
                }
                if (!running) {
                    return;
                }
                long live;
                long dead;
                long changed;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT n_live_tup, n_dead_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'event_state'")) {
                    if (!rs.next()) {
                        continue;
                    }
                    live = rs.getLong(1);
                    dead = rs.getLong(2);
                    changed = rs.getLong(3);
                }
                if (dead > 50 + 0.2 * live) {
                    Pg.exec(c, "VACUUM (ANALYZE) event_state");
                    vacuums.incrementAndGet();
                    analyzes.incrementAndGet();
                } else if (changed > 50 + 0.1 * live) {
                    Pg.exec(c, "ANALYZE event_state");
                    analyzes.incrementAndGet();
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

    /** "off" when the server's autovacuum runs, otherwise how many VACUUM (ANALYZE) / ANALYZE it ran. */
    String describe() {
        return active ? vacuums.get() + "_vacuum+" + (analyzes.get() - vacuums.get()) + "_analyze" : "server";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (active) {
            thread.join(120_000);
        }
    }
}
