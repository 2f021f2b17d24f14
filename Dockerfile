# The event service on a jlink'd Java 25 runtime holding only the JDK modules it uses, with a JDK AOT
# cache trained by a real workload (README, "Runtime image"). The build stage runs what bin/image-check
# builds and tests:  mvn -B -Pjlink-image package -DskipTests, then bin/train-aot.
# Build: docker build -t event-service .   Plain variant (no AOT cache: smaller, slower to start):
#   docker build --build-arg AOT=off -t event-service:plain .
# Run with its dependencies: docker compose -f etc/compose.yaml up

# 1. Dependencies: a layer that only pom.xml, the proto contract and the Kafka broker's pom
#    invalidate, not the sources. go-offline misses protoc and its gRPC plugin (generate-sources
#    fetches them; it needs only proto/) and the jlink plugin's own dependencies (loading it for
#    helidon:help fetches them). PostgreSQL (the distribution's package; no cluster made at install)
#    and Kafka (bin/kafka's jars from Maven Central) serve the AOT training run in stage 2.
FROM maven:3.9-eclipse-temurin-25 AS deps
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update && apt-get install -y --no-install-recommends postgresql curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY proto proto
COPY etc/kafka etc/kafka
RUN mvn -B -q -Pjlink-image dependency:go-offline generate-sources helidon:help \
 && mvn -B -q -f etc/kafka/pom.xml dependency:go-offline

# 2. Compile, package and jlink; then train the AOT cache: bin/train-aot starts PostgreSQL and Kafka
#    here, runs the service from the new image against them with a real workload (both APIs, the
#    relay's sends and acks, queries, health, metrics), and stops all three; the JVM writes
#    lib/start.aot as it exits and bin/start uses it. AOT=off skips the training.
FROM deps AS jlink
ARG AOT=on
COPY src src
COPY bin/train-aot bin/kafka bin/
COPY bin/lib bin/lib
RUN mvn -B -Pjlink-image package -DskipTests \
 && if [ "$AOT" != off ]; then bin/train-aot --own-deps target/jlink/event-service-jri; fi

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
