package eventservice.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

/** Tells an unreachable database (clients should retry: UNAVAILABLE) from a bug or bad data. */
final class DbErrors {
    private DbErrors() {
    }

    /** Runs {@code work}; an unreachable database also drops the pool's idle connections, likely dead too. */
    static <T> T call(Supplier<T> work, Runnable onConnectionLost) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            RuntimeException translated = translate(e);
            if (translated instanceof DatabaseUnavailableException) {
                onConnectionLost.run();
            }
            throw translated;
        }
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DatabaseUnavailableException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return new DatabaseUnavailableException("PostgreSQL is unavailable", e);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P0x: the server is shutting down or restarting;
                // 53: insufficient resources; 40001/40P01 are retryable too, as is 55P03 (a bounded
                // lock wait that ran out).
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                    return new DatabaseUnavailableException("PostgreSQL is unavailable", e);
                }
            }
        }
        return e;
    }
}
