package eventservice.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Opens the event database: creates it when missing, applies the versioned migrations
 * ({@code db/migration}, Flyway; an advisory lock makes two instances starting at once safe),
 * and builds the DbClient with the named statements of {@code db.statements}.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Database.class.getName());

    /**
     * The highest version in {@code db/migration} ({@code MigrationTest} checks that it is). A start
     * that finds it applied skips Flyway, whose loading and classpath scan slow start-up.
     */
    public static final int SCHEMA_VERSION = 9;

    private final PostgresPool pool;
    private final DbClient client;
    private final Config statements;

    private Database(PostgresPool pool, DbClient client, Config statements) {
        this.pool = pool;
        this.client = client;
        this.statements = statements;
    }

    /** Connects and migrates; {@link DatabaseUnavailableException} with advice when that cannot be done. */
    public static Database open(Config db) {
        ensureDatabaseExists(db);
        PostgresPool pool = PostgresPool.create(db);
        try {
            if (schemaIsCurrent(pool)) {
                LOGGER.log(Level.DEBUG, "schema at version " + SCHEMA_VERSION + ": no migration to run");
            } else {
                migrate(pool);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseUnavailableException("could not migrate the schema: " + rootMessage(e), e);
        }
        DbClient client = JdbcClientBuilder.create()
                .config(db)
                .connectionPool(pool)
                .build();
        return new Database(pool, client, db.get("statements"));
    }

    private static void migrate(PostgresPool pool) {
        var flyway = Flyway.configure()
                .dataSource(pool.dataSource())
                .locations("classpath:db/migration");
        // A session-level advisory lock leaves no transaction open beside the migrations, which
        // CREATE INDEX CONCURRENTLY (V3) would otherwise wait for forever.
        flyway.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        flyway.load().migrate();
    }

    /** True when Flyway's history says every migration up to {@link #SCHEMA_VERSION} succeeded. */
    private static boolean schemaIsCurrent(PostgresPool pool) {
        try (Connection connection = pool.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE NOT success) AS failed,"
                     + " max(version::int) AS version FROM flyway_schema_history WHERE version IS NOT NULL")) {
            return rs.next() && rs.getInt("failed") == 0 && rs.getInt("version") == SCHEMA_VERSION;
        } catch (SQLException e) {
            return false;   // no history yet (a new database), or a form we do not know: Flyway decides
        }
    }

    /**
     * {@code work} against this database; an unreachable one surfaces as
     * {@link DatabaseUnavailableException}, and the pool's idle connections, likely dead too, are retired.
     */
    public <T> T call(Supplier<T> work) {
        return DbErrors.call(work, pool::evictIdle);
    }

    /** {@code work} in one transaction: committed when it returns, rolled back when it throws (errors as {@link #call}). */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        return call(() -> {
            DbTransaction tx = client.transaction();
            try {
                T result = work.apply(tx);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                DeliveryState.rollback(tx);
                throw e;
            }
        });
    }

    public DbClient client() {
        return client;
    }

    public PostgresPool pool() {
        return pool;
    }

    /** The text of the named statement, for one completed in code (the page query's filters). */
    public String statement(String name) {
        return statements.get(name).asString().get();
    }

    @Override
    public void close() {
        client.close();
        pool.close();
    }

    private static void ensureDatabaseExists(Config db) {
        String name = db.get("name").asString().orElse("event_db");
        String user = db.get("user").asString().orElse("postgres");
        String password = db.get("password").asString().orElse("");
        try (Connection ignored = DriverManager.getConnection(PostgresUrl.of(db, name), user, password)) {
            return;
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {   // anything but "database does not exist"
                throw new DatabaseUnavailableException("cannot connect to PostgreSQL at "
                        + db.get("host").asString().orElse("localhost") + ":" + db.get("port").asInt().orElse(5432)
                        + ": " + e.getMessage(), e);
            }
        }
        if (!db.get("create-database").asBoolean().orElse(true)) {
            throw new DatabaseUnavailableException("database " + name + " does not exist; create it with: "
                    + "psql -h HOST -U " + user + " -c 'CREATE DATABASE " + name + "'", null);
        }
        try (Connection admin = DriverManager.getConnection(PostgresUrl.of(db, "postgres"), user, password);
             Statement statement = admin.createStatement()) {
            // The name was checked to be a plain identifier (Settings), so it is safe to splice in.
            statement.execute("CREATE DATABASE " + name);
            LOGGER.log(Level.INFO, "created database " + name);
        } catch (SQLException e) {
            // 42P04 / 23505: another instance created it at the same moment: fine
            if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw new DatabaseUnavailableException("database " + name + " does not exist and could not be created ("
                        + e.getMessage() + "); create it with: psql -U postgres -c 'CREATE DATABASE " + name
                        + " OWNER " + user + "'", e);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
