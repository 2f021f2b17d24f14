package eventservice.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;

/**
 * HikariCP behind DbClient. helidon-dbclient-hikari is not served for 4.5.0, so this is its
 * twenty lines; it also hands the same pool to Flyway.
 */
public final class PostgresPool implements CloseableJdbcConnectionPool {
    private final HikariDataSource dataSource;

    private PostgresPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A pool for {@code db} config: host, port, name, user, password, ssl-mode, and {@code pool.*} for Hikari. */
    public static PostgresPool create(Config db) {
        Properties properties = new Properties();
        db.get("pool").detach().asMap().orElseGet(Map::of).forEach(properties::setProperty);
        HikariConfig hikari = new HikariConfig(properties);
        hikari.setJdbcUrl(PostgresUrl.of(db, db.get("name").asString().orElse("event_db")));
        hikari.setUsername(db.get("user").asString().orElse("postgres"));
        hikari.setPassword(db.get("password").asString().orElse(""));
        return new PostgresPool(new HikariDataSource(hikari));
    }

    /**
     * After a lost connection the others are likely dead too (database restarted, network cut):
     * retire the idle ones now instead of failing one request per dead connection.
     */
    public void evictIdle() {
        var pool = dataSource.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("PostgreSQL is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return "postgresql";
    }

    @Override
    public String name() {
        return dataSource.getPoolName();
    }

    @Override
    public String type() {
        return "hikari";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
