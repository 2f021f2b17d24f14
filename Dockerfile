# Stub until the packaging issue: see README. Builds and runs the service on a JDK 25 image.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
COPY proto proto
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/target/event-service.jar ./
COPY --from=build /src/target/libs libs
EXPOSE 3007 50056
CMD ["java", "-jar", "event-service.jar"]
