package dev.descent.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash soak's settings, from {@code soak.*} system properties (bench/SOAK.md lists them).
 *
 * @param seed         seeds the choice of operations, data and kill moments; timing still makes each run its own
 * @param minRun       the shortest time the load runs before the kill
 * @param maxRun       the longest
 * @param startupKills the share of restarts that are first killed while the service starts up (0 to 1)
 * @param deleteJobs   whether clients delete ended jobs (DELETE /training-jobs/{id}); a 405 turns it off
 */
record SoakOptions(int cycles, long seed, int clients, Duration minRun, Duration maxRun, double startupKills,
                   boolean deleteJobs, Path jar, Path dir, boolean keep, List<String> jvmArgs,
                   Duration readyTimeout, Duration jobEndTimeout, Duration maxWall, int bigRows, int maxLongJobs,
                   Duration think) {

    SoakOptions {
        if (cycles < 1 || clients < 1 || clients > 16) {
            throw new IllegalArgumentException("soak.cycles must be at least 1 and soak.clients 1 to 16");
        }
        if (minRun.isNegative() || minRun.compareTo(maxRun) > 0) {
            throw new IllegalArgumentException("soak.minRun must be at most soak.maxRun, got " + minRun + " and " + maxRun);
        }
        if (startupKills < 0 || startupKills > 1) {
            throw new IllegalArgumentException("soak.startupKills is a share from 0 to 1, got " + startupKills);
        }
        jvmArgs = List.copyOf(jvmArgs);
    }

    static SoakOptions fromSystemProperties() {
        List<String> jvmArgs = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector",
                "-Xmx" + System.getProperty("soak.heap", "512m")));
        String extra = System.getProperty("soak.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        String dir = System.getProperty("soak.dir");
        return new SoakOptions(
                Integer.getInteger("soak.cycles", 50),
                Long.getLong("soak.seed", System.nanoTime() & 0xffff_ffffL),
                Integer.getInteger("soak.clients", 2),
                seconds("soak.minRun", 2),
                seconds("soak.maxRun", 10),
                Double.parseDouble(System.getProperty("soak.startupKills", "0.1")),
                Boolean.parseBoolean(System.getProperty("soak.deleteJobs", "true")),
                Path.of(System.getProperty("soak.jar", "target/descent.jar")),
                dir == null ? null : Path.of(dir),
                Boolean.getBoolean("soak.keep"),
                jvmArgs,
                seconds("soak.readyTimeout", 180),
                seconds("soak.jobEndTimeout", 60),
                Duration.ofMinutes(Long.getLong("soak.maxMinutes", 120)),
                Integer.getInteger("soak.bigRows", 60_000),
                Integer.getInteger("soak.maxLongJobs", 1),
                Duration.ofMillis(Long.getLong("soak.thinkMillis", 50)));
    }

    private static Duration seconds(String property, double fallback) {
        double value = Double.parseDouble(System.getProperty(property, String.valueOf(fallback)));
        return Duration.ofMillis(Math.round(value * 1000));
    }

    @Override
    public String toString() {
        return "cycles " + cycles + ", seed " + seed + ", clients " + clients + ", run " + minRun.toMillis() / 1000.0
                + "–" + maxRun.toMillis() / 1000.0 + " s before each kill, startup kills " + startupKills
                + ", job deletes " + (deleteJobs ? "on" : "off") + ", big uploads of about " + bigRows + " rows"
                + ", service " + String.join(" ", jvmArgs) + " -jar " + jar;
    }
}
