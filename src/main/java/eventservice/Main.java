package eventservice;

import java.util.List;

import eventservice.api.grpc.AuthInterceptor;
import eventservice.api.grpc.UncompressedRequests;
import eventservice.api.grpc.v1.EventServiceProto;
import eventservice.api.grpc.v1.EventTypeServiceProto;
import eventservice.api.http.ConsoleService;
import eventservice.api.http.HealthService;
import eventservice.config.InvalidSettingException;
import eventservice.config.LogLevel;
import eventservice.config.Settings;
import eventservice.store.DatabaseUnavailableException;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.logging.common.LogConfig;
import io.helidon.spi.HelidonShutdownHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcReflectionFeature;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import org.apache.kafka.common.KafkaException;

/** Starts the event service: gRPC on GRPC_PORT (the default listener), HTTP on PORT (listener "http"). */
public final class Main {
    /** The named listener that serves HTTP: the REST API, /health and /observe. */
    public static final String HTTP = "http";

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config;
        EventServiceApp app;
        try {
            config = Settings.load();
            LogLevel.apply(config.get("log.level").asString().orElse("info"));
            app = EventServiceApp.open(config);
            // At once: from here on a SIGTERM must stop the parts cleanly (the relay once it runs).
            // Weight 10 runs it after the server's own handler (100): listeners first, then our parts.
            io.helidon.Main.addShutdownHandler(new StopAfterServer(app));
        } catch (InvalidSettingException e) {
            System.err.println("event-service: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (DatabaseUnavailableException e) {
            System.err.println("event-service: " + e.getMessage());
            System.exit(1);
            return;
        }
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .update(builder -> setup(builder, app))
                .build()
                .start();
        System.out.println("event-service ready: gRPC on :" + server.port() + ", HTTP on :" + server.port(HTTP));
        // What the first answers do not need starts now, beside them: Kafka's and Redis's clients,
        // the relay, retention, metrics sampling.
        try {
            app.startBackground();
        } catch (KafkaException e) {
            System.err.println("event-service: invalid configuration: kafka.producer: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Routes both listeners; tests call this with their own configuration. */
    public static void setup(WebServerConfig.Builder server, EventServiceApp app) {
        HealthStatusManager grpcHealth = new HealthStatusManager();
        server.addFeature(GrpcReflectionFeature.builder().enabled(true).addSocket(WebServer.DEFAULT_SOCKET_NAME).build())
                .addRouting(GrpcRouting.builder()
                        .intercept(new AuthInterceptor(app.access()))
                        .intercept(new UncompressedRequests())
                        .service(EventServiceProto.getDescriptor(), app.grpcService())
                        .service(EventTypeServiceProto.getDescriptor(), app.eventTypeGrpcService())
                        .service(grpcHealth.getHealthService()))
                .addFeature(ObserveFeature.builder()
                        .sockets(List.of(HTTP))
                        .addObserver(HealthObserver.builder().addChecks(app.checks().toArray(new HealthCheck[0])).details(true).build())
                        .build())
                .routing(HTTP, routing -> routing
                        .register("/console", new ConsoleService())
                        .register("/health", new HealthService(app.serviceName(), app.checks()))
                        .register("/api/v1", app.httpService(), app.operateHttpService(), app.eventTypeHttpService()));
        grpcHealth.setStatus("events.v1.EventService", HealthCheckResponse.ServingStatus.SERVING);
        grpcHealth.setStatus("events.v1.EventTypeService", HealthCheckResponse.ServingStatus.SERVING);
    }

    private record StopAfterServer(EventServiceApp app) implements HelidonShutdownHandler, Weighted {
        @Override
        public void shutdown() {
            int status = 0;
            try {
                app.close();
            } catch (RuntimeException e) {
                System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR, "unclean stop", e);
                status = 1;
            }
            // A SIGTERM'd JVM would exit 143; a clean stop is a success for the process supervisor.
            Runtime.getRuntime().halt(status);
        }

        @Override
        public double weight() {
            return 10;
        }
    }
}
