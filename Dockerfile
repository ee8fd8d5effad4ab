# syntax=docker/dockerfile:1
#
# descent's container image:  docker build -t descent .   (see docker/README-section.md)
# Stage "build" compiles the service with the Maven wrapper and unpacks ND4J's natives; the final stage runs them
# on a JRE as a non-root user. Both stages are glibc (Ubuntu): ND4J's natives crash on Alpine's musl.
# DockerfileTests (run by ./mvnw verify) checks this file's shape, since no Docker engine runs in CI.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace

# Maven and the dependencies first, in layers that change only with the wrapper or pom.xml.
COPY --chmod=0755 mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline

# ND4J's and OpenBLAS's natives (~400 MB), unpacked once here instead of at every container's first start.
# JavaCPP reuses a cached file only if it came from a jar of the same name with the same size and timestamp: these
# are the same Maven artifacts the jar bundles, so this layer depends on pom.xml alone and is kept across source
# changes. Its symbolic links are absolute, so the final stage keeps the same path.
COPY docker/PreloadNatives.java docker/
RUN ./mvnw -B -ntp -q dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=/tmp/runtime.classpath \
 && java -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache -cp "$(cat /tmp/runtime.classpath)" docker/PreloadNatives.java

COPY src/ src/
# Unpacked into Spring Boot's layers (dependencies apart from the application's classes) for smaller image updates.
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/descent.jar extract --layers --destination /layers


FROM eclipse-temurin:17-jre

# The HEALTHCHECK uses curl. Temurin's Ubuntu images ship it today; installed here only if a future base drops it.
# Chosen over a Java probe, which would start a second JVM (~1 s of CPU, ~50 MB) inside the memory limit every 15 s.
RUN if ! command -v curl >/dev/null; then \
        apt-get update \
        && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*; \
    fi

# A fixed, non-root uid/gid: files the service writes to the volume keep an owner that can be planned for.
RUN groupadd --system --gid 10001 descent \
 && useradd --system --uid 10001 --gid descent --home-dir /home/descent --create-home --shell /usr/sbin/nologin descent \
 && mkdir /data \
 && chown descent:descent /data

# Memory defaults, which docker/entrypoint.sh turns into JVM flags and explains: a heap of 40 % of the container
# limit, and new ND4J arrays refused (the job fails) once the process holds 80 %, leaving 20 % as margin below the
# limit. JAVA_HEAP (e.g. 1g), if set, replaces the heap percentage; JAVA_OPTS adds JVM flags. Two malloc arenas, not
# 8 per core, keep the native libraries' memory small.
ENV DESCENT_STORAGE_DIR=/data \
    JAVACPP_CACHEDIR=/opt/javacpp-cache \
    JAVA_MAX_RAM_PERCENTAGE=40 \
    DESCENT_OFFHEAP_MAX=100% \
    DESCENT_PHYSICAL_MAX=200% \
    MALLOC_ARENA_MAX=2

# Owned by the service's user: JavaCPP skips a cache directory it cannot write to, even a complete one, and would
# unpack everything again under /tmp. With the files matching, it only reads them.
COPY --from=build --chown=10001:10001 /opt/javacpp-cache /opt/javacpp-cache
COPY --from=build /layers/dependencies/ /app/
COPY --from=build /layers/spring-boot-loader/ /app/
COPY --from=build /layers/snapshot-dependencies/ /app/
COPY --from=build /layers/application/ /app/
COPY --chmod=0755 docker/entrypoint.sh /app/entrypoint.sh

USER 10001:10001
WORKDIR /app
VOLUME /data
EXPOSE 8080

# Readiness is up only once ND4J is warmed up and the store is loaded. The start period covers a slow first start.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1

# docker stop sends SIGTERM, then SIGKILL after its timeout (10 s unless told): give it 75 s (README), as compose.yaml does.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/entrypoint.sh"]
