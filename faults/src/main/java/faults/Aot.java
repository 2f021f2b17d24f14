package faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Faster service start-ups (the suite starts the service a dozen times): a JDK AOT cache
 * (JEP 483/514, {@code -XX:AOTCacheOutput}) recorded once per service build by a short training
 * run, then used by every instance with {@code -XX:AOTCache}. Only class loading and linking are
 * cached; the code that runs is the same jar. FAULTS_AOT=0 turns it off.
 *
 * <p>The JVM accepts a cache only for the very jar files it was recorded with (size and time), and
 * Maven rewrites the jar on every build: so the service runs from a copy (work/service) that is
 * replaced only when the build's content differs.
 */
final class Aot {
    private Aot() {
    }

    /** The jar to run: a copy of the build's jar and libs/, replaced only when their content changed. */
    static Path deploy(Path built, Path work) {
        Path dir = work.resolve("service");
        Path jar = dir.resolve(built.getFileName());
        try {
            if (Files.exists(jar) && fingerprint(jar).equals(fingerprint(built))) {
                return jar;
            }
            Procs.runChecked(List.of("rm", "-rf", dir.toString()), null, Duration.ofSeconds(60));
            Files.createDirectories(dir);
            Procs.runChecked(List.of("cp", "-r", built.toString(), built.resolveSibling("libs").toString(), dir.toString()),
                             null, Duration.ofSeconds(60));
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void prepare(Ctx ctx) {
        if ("0".equals(System.getenv("FAULTS_AOT"))) {
            ctx.log("AOT cache off (FAULTS_AOT=0)");
            return;
        }
        Path dir = ctx.work.resolve("aot");
        Path cache = dir.resolve("event-service-" + fingerprint(ctx.serviceJar) + ".aot");
        if (!Files.exists(cache)) {
            long t = System.nanoTime();
            try {
                Files.createDirectories(dir);
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path p : old.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String db = ctx.freshDatabase("faults_aot");
            Service s = new Service(ctx, "aot-training", db, ctx.dbPort, ctx.topic("aot"), List.of());
            s.jvmOptions.add("-XX:AOTCacheOutput=" + cache);
            try {
                s.startHealthy();
                Load load = new Load("aot", List.of(s.grpcPort), 2, 4, 200);
                load.start();
                Procs.sleep(Duration.ofSeconds(2));
                load.stop();
                int exit = s.terminate(Duration.ofSeconds(120));   // the cache is written at exit
                ctx.log("AOT cache for the service recorded in " + String.format("%.1f s", (System.nanoTime() - t) / 1e9)
                        + (exit == 0 && Files.exists(cache) ? "" : " — failed (exit " + exit + "), starting without it"));
            } catch (RuntimeException e) {
                ctx.log("AOT training run failed, starting without a cache: " + e.getMessage());
                s.stop();
            }
            ctx.admin.drop(db);
        }
        if (Files.exists(cache)) {
            ctx.serviceJvmOptions.add("-XX:AOTCache=" + cache);
            ctx.serviceJvmOptions.add("-Xlog:aot*=error");   // not its warnings about stubs it does not reuse
        }
    }

    /**
     * The jar's content (entry names and CRCs: a rebuild of the same code gives the same key) and
     * its libs/ (names and sizes): changed code gets a new cache.
     */
    private static String fingerprint(Path jar) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().sorted(Comparator.comparing(ZipEntry::getName))
                        .forEach(e -> sha.update((e.getName() + ":" + e.getCrc() + "\n").getBytes()));
            }
            Path libs = jar.resolveSibling("libs");
            if (Files.isDirectory(libs)) {
                try (Stream<Path> files = Files.list(libs)) {
                    for (Path p : files.sorted().toList()) {
                        sha.update((p.getFileName() + ":" + Files.size(p) + "\n").getBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
