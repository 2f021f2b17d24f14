package eventservice;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.api.grpc.v1.Event;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventResponse;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * README "Security": TLS on both listeners is Helidon configuration. The service runs with the
 * README's {@code tls:} block under {@code server:} (gRPC) and under the {@code http} socket, with a
 * self-signed PKCS12 keystore made by keytool for this run; clients that trust that certificate
 * work, plaintext clients do not.
 */
@ServerTest
class TlsTest {
    private static final String PASSPHRASE = "tls-test-" + UUID.randomUUID();

    /** README "Security": the block a user adds under {@code server:} and under the http socket. */
    private static final String README_TLS_BLOCK = """
            tls:
              private-key: { keystore: { passphrase: "%1$s", key: { alias: server }, resource: { path: %2$s } } }
              trust:       { keystore: { passphrase: "%1$s", trust-store: true, resource: { path: %2$s } } }
            """;

    @TempDir
    static Path dir;

    private static EventServiceApp app;
    private static KeyStore trusted;
    private static Certificate certificate;

    private final int grpcPort;
    private final int httpPort;

    TlsTest(WebServer server) {
        this.grpcPort = server.port();
        this.httpPort = server.port(Main.HTTP);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Path keystore = selfSignedKeystore(dir.resolve("server.p12"));
        certificate = load(keystore).getCertificate("server");
        trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("event-service", certificate);

        Config tls = Config.just(ConfigSources.create(README_TLS_BLOCK.formatted(PASSPHRASE, keystore),
                                                      MediaTypes.APPLICATION_YAML));
        Map<String, String> overrides = new HashMap<>();
        tls.traverse().filter(Config::isLeaf).forEach(node -> {
            String value = node.asString().get();
            overrides.put("server." + node.key(), value);              // the default listener: gRPC
            overrides.put("server.sockets.0." + node.key(), value);    // the http socket
        });
        Config config = TestConfig.forTest(TlsTest.class, overrides);
        assertThat("server.sockets.0 is the http socket", config.get("server.sockets.0.name").asString().get(), is(Main.HTTP));
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void readmeShowsThisBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        README_TLS_BLOCK.formatted("…", "/etc/event-service/server.p12").lines()
                .forEach(line -> assertThat(readme, containsString("\n  " + line + "\n")));
    }

    @Test
    void grpcOverTlsPublishesAndReadsBack() throws Exception {
        ManagedChannel channel = tlsChannel(trustManagers(trusted));
        try {
            var events = GrpcClients.events(channel);
            String aggregate = "tls-" + UUID.randomUUID();
            PublishEventResponse published = events.publishEvent(PublishEventRequest.newBuilder()
                    .setType("ORDER_CREATED").setAggregateId(aggregate).setPayload("{\"total\":1}").build());
            Event event = published.getEvent();
            assertThat(published.getDuplicate(), is(false));
            assertThat(event.getAggregateId(), is(aggregate));
            Event fetched = events.getEvent(GetEventRequest.newBuilder().setId(event.getId()).build());
            assertThat(fetched.getId(), is(event.getId()));
            assertThat(fetched.getAggregateId(), is(aggregate));
            assertThat(fetched.getPayload(), containsString("\"total\""));
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void grpcClientNotTrustingTheCertificateIsRefused() throws Exception {
        ManagedChannel channel = tlsChannel(trustManagers(null));   // the JDK's CAs only
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcClients.events(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publishEvent(PublishEventRequest.newBuilder().setType("ORDER_CREATED").setAggregateId("untrusted")
                            .setPayload("{}").build()));
            assertThat(e.getStatus().toString(), e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void plaintextGrpcToTheTlsPortFails() throws Exception {
        String aggregate = "plaintext-" + UUID.randomUUID();
        ManagedChannel plaintext = GrpcClients.channel(grpcPort);
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcClients.events(plaintext)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publishEvent(PublishEventRequest.newBuilder().setType("ORDER_CREATED").setAggregateId(aggregate)
                            .setPayload("{}").build()));
            // grpc-java reads the server's TLS alert as a broken HTTP/2 preface: INTERNAL ("First received
            // frame was not SETTINGS"); a refused connection would be UNAVAILABLE. Either way no deadline wait.
            assertThat(e.getStatus().toString(), e.getStatus().getCode(), isOneOf(Status.Code.INTERNAL, Status.Code.UNAVAILABLE));
        } finally {
            GrpcClients.close(plaintext);
        }
        ManagedChannel tls = tlsChannel(trustManagers(trusted));
        try {
            assertThat("nothing stored from the plaintext call", GrpcClients.events(tls)
                    .listEvents(ListEventsRequest.newBuilder().setAggregateId(aggregate).build()).getEventsCount(), is(0));
        } finally {
            GrpcClients.close(tls);
        }
    }

    @Test
    void httpsServesHealthAndTheApi() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers(trusted), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("https://127.0.0.1:" + httpPort);

        HttpResponse<String> health = https.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                                                 HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode(), is(200));
        assertThat(health.body(), containsString("\"UP\""));
        assertThat("the certificate the server presents", health.sslSession().orElseThrow().getPeerCertificates()[0],
                   is(certificate));

        String aggregate = "tls-http-" + UUID.randomUUID();
        HttpResponse<String> created = https.send(HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"USER_CREATED\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":{\"n\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.body(), created.statusCode(), is(201));
        JsonNode event = new ObjectMapper().readTree(created.body());
        assertThat(event.path("aggregate_id").asText(), is(aggregate));

        HttpResponse<String> fetched = https.send(HttpRequest.newBuilder(
                base.resolve("/api/v1/events/" + event.path("id").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode(), is(200));
        assertThat(new ObjectMapper().readTree(fetched.body()).path("aggregate_id").asText(), is(aggregate));
    }

    @Test
    void plainHttpToTheHttpsPortGetsNo200() throws InterruptedException {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body(), response.statusCode(), not(is(200)));
        } catch (IOException expected) {
            // the usual outcome: the listener answers with a TLS alert, which is no HTTP status line
        }
    }

    private ManagedChannel tlsChannel(TrustManager[] trust) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort,
                TlsChannelCredentials.newBuilder().trustManager(trust).build()).build();
    }

    /** Trust managers for {@code store}; null: the JDK's default CAs. */
    private static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** keytool -genkeypair: an EC key and its self-signed certificate for localhost / 127.0.0.1. */
    private static Path selfSignedKeystore(Path file) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSPHRASE, "-keypass", PASSPHRASE))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return file;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSPHRASE.toCharArray());
        }
        return store;
    }
}
