#!/bin/sh
# Starts descent in its container. Builds the JVM's memory flags from the environment, then execs java, so that
# the JVM is PID 1 and gets docker stop's SIGTERM itself: Spring's graceful shutdown drains web requests and gives
# running training jobs their grace period (descent.training.shutdown-grace).
#
# Memory, with L the container's memory limit and the image's defaults (docker/README-section.md has a table):
#   heap     H = JAVA_MAX_RAM_PERCENTAGE of L = 40 % L; the JVM reads L from the cgroup itself.
#                JAVA_HEAP (e.g. 1g) sets a fixed -Xmx instead.
#   cap      P = DESCENT_PHYSICAL_MAX = 200 % of H = 80 % L (JavaCPP's maxphysicalbytes). Before each new ND4J array,
#                JavaCPP compares the whole process's resident memory with P and, above it, throws an OutOfMemoryError
#                that fails that training job while the service carries on. The remaining 20 % L is the margin for
#                the allocation that crosses P (a job's copy of its data: rows x (features + 1) x 4 bytes), so the
#                kernel's OOM killer, at L, is not reached first.
#   JavaCPP  O = DESCENT_OFFHEAP_MAX = 100 % of H (JavaCPP's maxbytes) caps what is allocated through JavaCPP itself.
#                ND4J 1.0.0-M2.1's arrays are allocated by libnd4j and not counted there, so for descent it is a
#                backstop: P is what holds ND4J in.
#   Inside P: the heap, ~250 MB of the JVM's and the native libraries' own memory (measured), and ND4J's arrays.
# JavaCPP reads a percentage as a share of the maximum heap, so P and O follow JAVA_HEAP when it is set; absolute
# sizes (1500m, 2g) are accepted too, and DESCENT_PHYSICAL_MAX=0 turns the check off.
set -eu

if [ -n "${JAVA_HEAP:-}" ]; then
    heap="-Xmx${JAVA_HEAP}"
else
    heap="-XX:MaxRAMPercentage=${JAVA_MAX_RAM_PERCENTAGE:-40}"
fi

# --add-modules jdk.incubator.vector: the logistic step's per-row loop runs on the Vector API (about 2x faster
# epochs); without it the engine falls back to its scalar loop. The JVM says "Using incubator modules" at start.
# ExitOnOutOfMemoryError: a JVM out of heap exits, to be restarted, rather than limping on. JavaCPP's refusals are
# OutOfMemoryErrors thrown by Java code, which the flag leaves alone: they fail only their job.
# JAVA_OPTS is split into words on purpose (several flags in one variable); no file-name globbing of them.
set -f
# shellcheck disable=SC2086
set -- \
    "${heap}" \
    --add-modules jdk.incubator.vector \
    -XX:+ExitOnOutOfMemoryError \
    "-Dorg.bytedeco.javacpp.cachedir=${JAVACPP_CACHEDIR:-/opt/javacpp-cache}" \
    "-Dorg.bytedeco.javacpp.maxbytes=${DESCENT_OFFHEAP_MAX:-100%}" \
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=${DESCENT_PHYSICAL_MAX:-200%}" \
    ${JAVA_OPTS:-} \
    -jar /app/descent.jar \
    "$@"
set +f

exec java "$@"
