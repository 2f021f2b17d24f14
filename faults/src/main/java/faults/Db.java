package faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The suite's own JDBC connections (application_name {@value #APP}, which the injected
 * pg_terminate_backend spares). Reconnects on the next call after an error.
 */
final class Db implements AutoCloseable {
    static final String APP = "faults-runner";

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private Connection connection;

    Db(String host, int port, String database, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    Db on(String otherDatabase) {
        return new Db(host, port, otherDatabase, user, password);
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties p = new Properties();
            p.setProperty("user", user);
            if (!password.isEmpty()) {
                p.setProperty("password", password);
            }
            p.setProperty("ApplicationName", APP);
            p.setProperty("connectTimeout", "5");
            p.setProperty("socketTimeout", "60");
            connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void reset() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // gone anyway
        }
        connection = null;
    }

    synchronized void exec(String sql) {
        try (Statement s = connection().createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            reset();
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows as Object arrays; once more on a new connection when the old one was lost. */
    synchronized List<Object[]> query(String sql, Object... params) {
        try {
            return queryOnce(sql, params);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql2 && sql2.getSQLState() != null
                    && (sql2.getSQLState().startsWith("08") || sql2.getSQLState().startsWith("57P"))) {
                return queryOnce(sql, params);
            }
            throw e;
        }
    }

    private List<Object[]> queryOnce(String sql, Object... params) {
        try (PreparedStatement s = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            reset();
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long scalar(String sql, Object... params) {
        List<Object[]> rows = query(sql, params);
        Object v = rows.isEmpty() ? null : rows.get(0)[0];
        return v == null ? 0 : ((Number) v).longValue();
    }

    // ---- administration, on the maintenance database -------------------------------------------

    void recreate(String name) {
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        exec("CREATE DATABASE " + name);
    }

    void drop(String name) {
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** pg_terminate_backend for every connection to {@code name} but the suite's own; how many. */
    long terminate(String name) {
        return scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                      + "WHERE datname = ? AND pid <> pg_backend_pid() AND coalesce(application_name, '') <> ?", name, APP);
    }

    void allowConnections(String name, boolean allow) {
        exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
    }

    @Override
    public synchronized void close() {
        reset();
    }
}
