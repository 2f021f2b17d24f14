package eventservice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eventservice.support.TestConfig;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/** Versioned migrations: on an empty database, on a migrated one, and from two instances at once. */
class MigrationTest {

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
        assertThat(appliedVersions(name), is(List.of("1", "2", "3")));
        // Already migrated: opening again changes nothing.
        Database.open(config.get("db")).close();
        assertThat(appliedVersions(name), is(List.of("1", "2", "3")));

        try (Connection c = TestConfig.adminConnection(name); Statement s = c.createStatement()) {
            List<String> columns = strings(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'");
            assertThat(columns, hasItems("id", "seq", "type", "aggregate_id", "payload", "status", "retry_count",
                                         "created_at", "updated_at", "processed_at", "last_error", "next_attempt_at",
                                         "metadata", "idempotency_key"));
            List<String> indexes = strings(s, "SELECT indexname FROM pg_indexes WHERE tablename = 'events'");
            assertThat(indexes, hasItems("events_idempotency_key", "events_type_seq", "events_aggregate_seq",
                                         "events_processing_seq", "events_failed_seq", "events_unfinished_aggregate"));
            assertThat(indexes.contains("events_live_status_seq"), is(false));
        }
    }

    @Test
    void theSchemaVersionThatSkipsFlywayIsTheHighestMigration() throws Exception {
        int highest;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            highest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
        }
        assertThat("Database.SCHEMA_VERSION must be raised with each new migration", Database.SCHEMA_VERSION, is(highest));
    }

    @Test
    void aDatabaseBehindTheLatestMigrationIsStillMigrated() throws Exception {
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", "es_test_migration_behind"));
        TestConfig.dropDatabase("es_test_migration_behind");
        Database.open(config.get("db")).close();
        // As if the database had been left at version 1 by an older release.
        try (Connection c = TestConfig.adminConnection("es_test_migration_behind"); Statement s = c.createStatement()) {
            s.execute("DROP INDEX events_pending_seq");
            s.execute("DELETE FROM flyway_schema_history WHERE version IN ('2', '3')");
        }
        Database.open(config.get("db")).close();
        assertThat(appliedVersions("es_test_migration_behind"), is(List.of("1", "2", "3")));
        try (Connection c = TestConfig.adminConnection("es_test_migration_behind"); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"), hasItems("events_pending_seq"));
        }
        TestConfig.dropDatabase("es_test_migration_behind");
    }

    @Test
    void aMissingDatabaseIsNotCreatedWhenThatIsTurnedOff() {
        Config config = TestConfig.forTest(MigrationTest.class, Map.of("db.name", "es_test_never_created",
                                                                        "db.create-database", "false"));
        TestConfig.dropDatabase("es_test_never_created");
        DatabaseUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                DatabaseUnavailableException.class, () -> Database.open(config.get("db")));
        assertThat(e.getMessage().contains("CREATE DATABASE es_test_never_created"), is(true));
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
