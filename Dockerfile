# The event service on a jlink'd Java 25 runtime holding only the JDK modules it uses (README,
# "Runtime image"). The jlink stage runs the same Maven command that bin/image-check builds and tests:
#   mvn -B -Pjlink-image package -DskipTests   → target/jlink/event-service-jri
# Build: docker build -t event-service .   Run with its dependencies: docker compose -f etc/compose.yaml up

# 1. Dependencies: a layer that only pom.xml and the proto contract invalidate, not the sources.
#    go-offline misses protoc and its gRPC plugin (generate-sources fetches them; it needs only
#    proto/) and the jlink plugin's own dependencies (loading it for helidon:help fetches them).
FROM maven:3.9-eclipse-temurin-25 AS deps
WORKDIR /src
COPY pom.xml ./
COPY proto proto
RUN mvn -B -q -Pjlink-image dependency:go-offline generate-sources helidon:help

# 2. Compile, package and jlink. The plugin's own test run and AOT training are off in the profile:
#    both start the service, which needs PostgreSQL and Kafka, absent here.
FROM deps AS jlink
COPY src src
RUN mvn -B -Pjlink-image package -DskipTests

# 3. Only the runtime image (JDK modules + the service's jar and libs): it needs nothing but glibc;
#    bash (part of the base) runs bin/start and the health check.
FROM debian:bookworm-slim
RUN useradd --system --no-log-init --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin events
COPY --from=jlink /src/target/jlink/event-service-jri /opt/event-service
USER 10001
WORKDIR /opt/event-service
# The JVM's defaults are baked into bin/start by the pom (service.jvm.options: sized for 512 MiB;
# DEFAULT_APP_JVM replaces them, JDK_JAVA_OPTIONS=-Xmx… sizes the heap up: README, "Sizing").
# bin/start cannot set the environment: glibc's malloc keeps two arenas, not one per core and thread.
ENV MALLOC_ARENA_MAX=2
EXPOSE 3007 50056
# No curl in the slim base: a plain HTTP/1.1 request over bash's /dev/tcp (Helidon does not answer
# HTTP/1.0); /health is 200 when UP.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\"${PORT:-3007}\" && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
# bin/start execs the JVM, which thus gets SIGTERM from `docker stop` and shuts down cleanly (exit 0).
ENTRYPOINT ["/opt/event-service/bin/start"]
