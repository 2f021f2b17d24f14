package eventservice.store;

import io.helidon.config.Config;

/** The JDBC URL for a database on the configured server. */
final class PostgresUrl {
    private PostgresUrl() {
    }

    static String of(Config db, String database) {
        return "jdbc:postgresql://" + db.get("host").asString().orElse("localhost")
                + ":" + db.get("port").asInt().orElse(5432)
                + "/" + database
                + "?sslmode=" + db.get("ssl-mode").asString().orElse("disable")
                + "&connectTimeout=3&socketTimeout=30&tcpKeepAlive=true"
                + "&ApplicationName=event-service&reWriteBatchedInserts=true";
    }
}
