package eventservice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** JDBC to the benchmark databases (trust auth, as on this machine; PGPASSWORD if set). */
final class Pg {
    private Pg() {
    }

    static Connection connect(Opts o, String db) throws SQLException {
        String url = "jdbc:postgresql://" + o.str("db-host", "127.0.0.1") + ":" + o.integer("db-port", 5432) + "/" + db;
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        return DriverManager.getConnection(url, o.str("db-user", "postgres"), password);
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
