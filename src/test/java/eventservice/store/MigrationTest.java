package eventservice.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eventservice.support.TestConfig;
import io.helidon.config.Config;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Versioned migrations: on an empty database, on a migrated one, and from two instances at once. */
class MigrationTest {
    private static final String NEVER_CREATED = TestConfig.database("never_created");

    @Test
    void twoInstancesMigrateAnEmptyDatabaseAtOnceThenAgain() throws Exception {
        Config config = TestConfig.forTest(MigrationTest.class);
        String name = config.get("db.name").asString().get();
        // Two instances starting together on a database that does not exist yet.
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opened.add(pool.submit((Callable<Database>) () -> Database.open(config.get("db"))));
            }
            for (Future<Database> db : opened) {
                db.get().close();
            }
        }
        assertThat(appliedVersions(name), is(List.of("1", "2", "3", "4", "5", "7", "8", "9")));
        // Already migrated: opening again changes nothing.
        Database.open(config.get("db")).close();
        assertThat(appliedVersions(name), is(List.of("1", "2", "3", "4", "5", "7", "8", "9")));

        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            // `events` is the view of every event with its state, as the table read before V4
            List<String> columns = strings(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'");
            assertThat(columns, hasItems("id", "seq", "type", "aggregate_id", "payload", "status", "retry_count",
                                         "created_at", "updated_at", "processed_at", "last_error", "next_attempt_at",
                                         "metadata", "idempotency_key"));
            assertThat(strings(s, "SELECT indexname FROM pg_indexes WHERE tablename = 'event_log'"),
                       hasItems("events_idempotency_key", "events_type_seq", "events_aggregate_seq", "events_seq"));
            List<String> stateIndexes = strings(s, "SELECT indexname FROM pg_indexes WHERE tablename = 'event_state'");
            assertThat(stateIndexes, hasItems("event_state_pending_seq", "event_state_processing_seq",
                                              "event_state_failed_seq", "event_state_unfinished_aggregate"));
            assertThat(stateIndexes.contains("events_live_status_seq"), is(false));
        }
    }

    @Test
    void theSchemaVersionThatSkipsFlywayIsTheHighestMigration() throws Exception {
        int highest;
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            highest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
        }
        assertThat("Database.SCHEMA_VERSION must be raised with each new migration", Database.SCHEMA_VERSION, is(highest));
    }

    @Test
    void aDatabaseLeftAtVersion3KeepsEveryEventAndItsStateThroughTheMove() throws Exception {
        String name = TestConfig.database("migration_behind");
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", name));
        TestConfig.dropDatabase(name);
        // As an older release left it: version 3, events in every state in one table.
        migrateTo(name, "3");
        String columns = "id, seq, type, aggregate_id, payload, metadata, status, retry_count, last_error, idempotency_key,"
                + " next_attempt_at, claimed_by, lease_until, created_at, updated_at, processed_at";
        List<String> before;
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            s.execute("INSERT INTO events (id, type, aggregate_id, payload, metadata, status, retry_count, last_error,"
                    + " idempotency_key, claimed_by, lease_until, processed_at) VALUES"
                    + " (gen_random_uuid(), 'ORDER_CREATED', 'order-1', '{\"n\": 1}', '{\"k\": \"v\"}', 'PROCESSED', 0, NULL, 'key-1', NULL, NULL, now()),"
                    + " (gen_random_uuid(), 'ORDER_UPDATED', 'order-1', '{\"n\": 2}', '{}', 'PROCESSING', 1, 'timed out', NULL, 'relay-a', now() + interval '1 minute', NULL),"
                    + " (gen_random_uuid(), 'ORDER_UPDATED', 'order-1', '{\"n\": 3}', '{}', 'PENDING', 0, NULL, NULL, NULL, NULL, NULL),"
                    + " (gen_random_uuid(), 'USER_CREATED', 'user-9', '{\"n\": 4}', '{}', 'FAILED', 3, 'broker said no', 'key-4', NULL, NULL, NULL)");
            before = strings(s, "SELECT row(" + columns + ")::text FROM events ORDER BY seq");
        }
        Database.open(config.get("db")).close();
        assertThat(appliedVersions(name), is(List.of("1", "2", "3", "4", "5", "7", "8", "9")));
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT row(" + columns + ")::text FROM events ORDER BY seq"), is(before));
            assertThat(strings(s, "SELECT count(*) FROM event_state"), is(List.of("4")));
            // the stored events are no longer written: the state columns left event_log
            assertThat(strings(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'event_log'")
                               .contains("status"), is(false));
        }
        TestConfig.dropDatabase(name);
    }

    @Test
    void aDatabaseLeftAtVersion4KeepsItsPayloadsAndStoresNewOnesAsSent() throws Exception {
        String name = TestConfig.database("migration_v4");
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", name));
        TestConfig.dropDatabase(name);
        migrateTo(name, "4");
        List<String> before;
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            s.execute("WITH l AS (INSERT INTO event_log (id, type, aggregate_id, payload) VALUES"
                    + " (gen_random_uuid(), 'ORDER_CREATED', 'order-1', '{\"n\": 1.0E+2, \"z\": -0}'),"
                    + " (gen_random_uuid(), 'ORDER_CREATED', 'order-2', '{\"k\": \"v\"}') RETURNING seq, aggregate_id)"
                    + " INSERT INTO event_state (seq, aggregate_id) SELECT seq, aggregate_id FROM l");
            before = strings(s, "SELECT payload::text FROM events ORDER BY seq");
        }
        try (Database database = Database.open(config.get("db"))) {
            assertThat(appliedVersions(name), is(List.of("1", "2", "3", "4", "5", "7", "8", "9")));
            // what was stored before is read as it was, by queries and by the relay's claim
            try (LockedEvents claimed = new DeliveryState(database).lockDue(new Claim("test", Duration.ofMinutes(1), 3), 10, List.of())) {
                assertThat(claimed.events().stream().map(e -> e.payload()).toList(), is(before));
            }
            assertThat(before, is(List.of("{\"n\": 100, \"z\": 0}", "{\"k\": \"v\"}")));
        }
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT payload::text FROM events ORDER BY seq"), is(before));
            s.execute("WITH l AS (INSERT INTO event_log (id, type, aggregate_id, payload) VALUES"
                    + " (gen_random_uuid(), 'ORDER_CREATED', 'order-3', '{ \"n\" : 1.0E+2 }') RETURNING seq, aggregate_id)"
                    + " INSERT INTO event_state (seq, aggregate_id) SELECT seq, aggregate_id FROM l");
            assertThat(strings(s, "SELECT payload::text FROM events WHERE aggregate_id = 'order-3'"),
                       is(List.of("{ \"n\" : 1.0E+2 }")));
            // an event must have a payload in one form or the other
            assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO event_log (id, type, aggregate_id) VALUES (gen_random_uuid(), 'ORDER_CREATED', 'none')"));
        }
        TestConfig.dropDatabase(name);
    }

    @Test
    void aDatabaseLeftAtVersion5GetsTheTypeRegistryAndKeepsItsEvents() throws Exception {
        String name = TestConfig.database("migration_v5");
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", name));
        TestConfig.dropDatabase(name);
        migrateTo(name, "5");
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            s.execute("WITH l AS (INSERT INTO event_log (id, type, aggregate_id, payload) VALUES"
                    + " (gen_random_uuid(), 'ORDER_CREATED', 'order-1', '{\"n\": 1}') RETURNING seq, aggregate_id)"
                    + " INSERT INTO event_state (seq, aggregate_id) SELECT seq, aggregate_id FROM l");
        }
        Database.open(config.get("db")).close();
        assertThat(appliedVersions(name), is(List.of("1", "2", "3", "4", "5", "7", "8", "9")));
        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            // stored before the registry: no topic of its own (kafka.topics decides), no schema version
            assertThat(strings(s, "SELECT coalesce(topic, '-') || ' ' || coalesce(schema_version::text, '-') || ' ' || payload::text"
                    + " FROM events"), is(List.of("- - {\"n\": 1}")));
            assertThat(strings(s, "SELECT revision FROM event_type_revision"), is(List.of("0")));
            s.execute("INSERT INTO event_type (name) VALUES ('ORDER_CREATED')");
            s.execute("INSERT INTO event_type_schema (type_name, version, schema) VALUES ('ORDER_CREATED', 1, '{}')");
            SQLException changed = assertThrows(SQLException.class,
                    () -> s.execute("UPDATE event_type_schema SET schema = '{\"type\":\"string\"}'"));
            assertThat(changed.getMessage().contains("schema versions are immutable"), is(true));
            assertThrows(SQLException.class, () -> s.execute("DELETE FROM event_type_schema"));
        }
        TestConfig.dropDatabase(name);
    }

    private static void migrateTo(String name, String version) throws Exception {
        try (Connection c = TestConfig.adminConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        var flyway = Flyway.configure()
                .dataSource("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "")
                .locations("classpath:db/migration")
                .target(version);
        flyway.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        flyway.load().migrate();
    }

    @Test
    void aMissingDatabaseIsNotCreatedWhenThatIsTurnedOff() {
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", NEVER_CREATED,
                                                                        "db.create-database", "false"));
        TestConfig.dropDatabase(NEVER_CREATED);
        DatabaseUnavailableException e = Assertions.assertThrows(
                DatabaseUnavailableException.class, () -> Database.open(config.get("db")));
        assertThat(e.getMessage().contains("CREATE DATABASE " + NEVER_CREATED), is(true));
    }

    private static List<String> appliedVersions(String database) throws Exception {
        try (Connection c = TestConfig.adminConnection(database); Statement s = c.createStatement()) {
            return strings(s, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
        }
    }

    private static List<String> strings(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
