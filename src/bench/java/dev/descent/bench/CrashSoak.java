package dev.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The crash soak (bench/SOAK.md): a real descent process from the service jar under mixed load from a few client
 * threads, killed with SIGKILL at a random moment, restarted on the same storage directory and checked against what
 * it had acknowledged, cycle after cycle. Prints a line per cycle and a summary; exits 1 when it found a violation,
 * 2 when the service could not be started again. A check program, not a test: {@code ./mvnw verify} never runs it.
 */
public final class CrashSoak {

    private static final Pattern LOG_LEVEL = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final SoakOptions options;
    private final SoakLedger ledger = new SoakLedger();
    private final SoakTally tally = new SoakTally();
    private final SoakFindings findings = new SoakFindings();
    private final AtomicBoolean jobDeletes;
    private final AtomicLong sequence = new AtomicLong();
    private final Random random;
    private final List<Double> readySeconds = new ArrayList<>();
    private volatile SoakService service;
    private SoakTally.Totals cycleTotals = new SoakTally.Totals(0, 0, 0, 0, 0);
    private double loadSeconds;
    private double checkSeconds;
    private int startupKills;

    private CrashSoak(SoakOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.jobDeletes = new AtomicBoolean(options.deleteJobs());
    }

    public static void main(String[] args) throws Exception {
        System.exit(new CrashSoak(SoakOptions.fromSystemProperties()).run());
    }

    private int run() throws Exception {
        long wallStart = System.nanoTime();
        System.out.println("crash soak, " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + " · nproc " + Runtime.getRuntime().availableProcessors() + " · " + cpuModel()
                + " · Java " + System.getProperty("java.version") + " · load average " + loadAverage());
        System.out.println(options);
        Path work = options.dir() != null ? Files.createDirectories(options.dir()) : Files.createTempDirectory("descent-soak");
        Path storage = Files.createDirectories(work.resolve("data"));
        Path log = work.resolve("service.log");
        System.out.println("storage " + storage + ", service log " + log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SoakService running = service;
            if (running != null && running.alive()) {
                try {
                    running.kill();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }));

        int cycles = 0;
        boolean aborted = false;
        try {
            startAndCheck(storage, log, "start 0 (fresh directory)", 0, "", Map.of());
            for (int cycle = 1; cycle <= options.cycles(); cycle++) {
                if (System.nanoTime() - wallStart > options.maxWall().toNanos()) {
                    findings.note("stopped after " + cycles + " cycles: soak.maxMinutes (" + options.maxWall().toMinutes()
                            + ") reached");
                    break;
                }
                findings.cycle(cycle);
                String during = load(cycle);
                scanLog(service);
                Map<String, Integer> left = SoakCheck.leftovers(storage);
                left.forEach((what, n) -> tally.add("left by the kills (seen before the restart): " + what, n));
                if (random.nextDouble() < options.startupKills()) {
                    killDuringStartUp(storage, log, cycle);
                }
                startAndCheck(storage, log, "start " + cycle, cycle, during, left);
                cycles = cycle;
            }
        } catch (IllegalStateException e) {
            findings.violation("the soak stopped: " + e.getMessage());
            aborted = true;
        }
        if (service != null && service.alive()) {
            if (!service.terminate(Duration.ofSeconds(90))) {
                findings.violation("the service did not exit within 90 s of SIGTERM at the end");
                service.kill();
            } else if (service.exitValue() != 0 && service.exitValue() != 143) {
                findings.note("the service exited with " + service.exitValue() + " after SIGTERM at the end");
            }
            scanLog(service);
        }
        summary(cycles, System.nanoTime() - wallStart);
        if (findings.violationCount() == 0 && !options.keep() && options.dir() == null) {
            deleteTree(work);
        } else {
            System.out.println("kept " + work + " (storage and service log)");
        }
        return aborted ? 2 : findings.violationCount() > 0 ? 1 : 0;
    }

    /** One cycle's load: the clients run for a random time, then the service is killed under them. */
    private String load(int cycle) throws InterruptedException {
        long start = System.nanoTime();
        SoakHttp http = new SoakHttp(service.port());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killing = new AtomicBoolean();
        long runMillis = options.minRun().toMillis()
                + (long) (random.nextDouble() * (options.maxRun().toMillis() - options.minRun().toMillis()));
        long deadline = System.nanoTime() + Duration.ofMillis(runMillis).plusSeconds(120).toNanos();
        List<SoakClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= options.clients(); i++) {
            SoakClient client = new SoakClient("c" + cycle + "t" + i, http, ledger, tally, findings, options,
                    new Random(random.nextLong()), stop, killing, jobDeletes, sequence, deadline);
            Thread thread = new Thread(client, "soak-client-" + i);
            thread.setDaemon(true);
            clients.add(client);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(runMillis);
        List<String> during = clients.stream().map(SoakClient::current).toList();
        killing.set(true);
        service.kill();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(90_000);
            if (thread.isAlive()) {
                findings.violation(thread.getName() + " did not stop within 90 s of the kill");
                thread.interrupt();
            }
        }
        loadSeconds += (System.nanoTime() - start) / 1e9;
        return runMillis / 1000.0 + " s, killed during " + during;
    }

    /** A start killed before or just after it is ready: the recovery itself interrupted. */
    private void killDuringStartUp(Path storage, Path log, int cycle) throws IOException, InterruptedException {
        double typical = readySeconds.isEmpty() ? 10 : readySeconds.get(readySeconds.size() / 2);
        long afterMillis = 300 + (long) (random.nextDouble() * typical * 1000);
        service = SoakService.start(options, storage, log, "start " + cycle + " (to be killed during start-up)");
        Thread.sleep(afterMillis);
        service.kill();
        startupKills++;
        scanLog(service);
        tally.count("kills during start-up: " + startUpPhase(service.logLines()));
    }

    /** How far a killed start had come, from the markers its log reached. */
    private static String startUpPhase(List<String> lines) {
        String phase = "before the stores opened";
        for (String line : lines) {
            if (line.contains("Engine warmed up")) {
                return "after the warm-ups (ready or about to be)";
            } else if (line.contains("Started DescentApplication")) {
                phase = "after the context started, during the warm-ups";
            } else if (line.contains("dataset(s) in") && phase.startsWith("before")) {
                phase = "after the dataset store opened, before the context started";
            }
        }
        return phase;
    }

    private void startAndCheck(Path storage, Path log, String label, int cycle, String during,
                               Map<String, Integer> left) throws IOException, InterruptedException {
        service = SoakService.start(options, storage, log, label);
        Duration ready = service.awaitReady(options.readyTimeout());
        readySeconds.add(ready.toMillis() / 1000.0);
        readySeconds.sort(Comparator.naturalOrder());
        long start = System.nanoTime();
        SoakTally.Totals before = cycleTotals;
        SoakCheck.Result result = new SoakCheck(new SoakHttp(service.port()), storage, ledger, findings, tally, options).run();
        checkSeconds += (System.nanoTime() - start) / 1e9;
        SoakTally.Totals now = tally.totals();
        SoakTally.Totals ops = now.minus(before);
        cycleTotals = now;
        if (cycle == 0) {
            System.out.printf("ready in %.1f s; store %d datasets, %d models, %d jobs%n", ready.toMillis() / 1000.0,
                    result.datasets(), result.models(), result.jobs());
        } else {
            System.out.printf("cycle %2d/%d  load %s  ops %d (2xx %d, refused %d, in doubt %d, not sent %d)  left %d tmp,"
                            + " %d unfinished  ready %.1f s%s  store %d datasets (%.1f MB), %d models, %d jobs %s  violations %d%n",
                    cycle, options.cycles(), during, ops.sent(), ops.acknowledged(), ops.refused(), ops.inDoubt(),
                    ops.notSent(), left.getOrDefault("temp files", 0), left.getOrDefault("data files without metadata", 0),
                    ready.toMillis() / 1000.0, result.waitedForJobs() > 0 ? " (" + result.waitedForJobs()
                            + " jobs still active at first look)" : "", result.datasets(), result.datasetBytes() / 1e6,
                    result.models(), result.jobs(), result.jobStatuses(), findings.violationCount());
        }
        System.out.flush();
    }

    /** Counts what the service's log says about recovery, and turns its warnings and errors into notes. */
    private void scanLog(SoakService process) throws IOException {
        for (String line : process.logLines()) {
            if (line.contains("left by an interrupted write")) {
                tally.count("service log: temp files removed at start-up");
            } else if (line.contains("the data of an upload that did not finish")) {
                tally.count("service log: unfinished data files deleted at start-up");
            } else if (line.contains("when the service stopped; marking it failed")) {
                tally.count("service log: jobs marked failed at start-up");
            }
            Matcher level = LOG_LEVEL.matcher(line);
            if (level.find()) {
                int colon = line.indexOf(" : ");
                String message = colon < 0 ? line : line.substring(colon + 3);
                String shape = NUMBER.matcher(ID.matcher(message).replaceAll("<id>")).replaceAll("<n>");
                if (message.startsWith("Skipping") || message.startsWith("Ignoring")) {
                    findings.violation("the service could not read a stored file: " + message);
                }
                findings.note("service log " + level.group(1) + ": " + SoakHttp.abbreviate(shape, 200));
            }
        }
    }

    private void summary(int cycles, long wallNanos) {
        System.out.println();
        System.out.println("== summary");
        long seconds = wallNanos / 1_000_000_000L;
        System.out.printf("cycles: %d of %d (a SIGKILL under load each; %d more kills during start-up)%n", cycles,
                options.cycles(), startupKills);
        System.out.printf("wall time %d min %02d s: load %.0f s, checks %.0f s, the rest starting the service%n",
                seconds / 60, seconds % 60, loadSeconds, checkSeconds);
        if (!readySeconds.isEmpty()) {
            System.out.printf("start to ready: %.1f s min, %.1f median, %.1f max over %d starts%n", readySeconds.get(0),
                    readySeconds.get(readySeconds.size() / 2), readySeconds.get(readySeconds.size() - 1),
                    readySeconds.size());
        }
        System.out.println("load average at the end " + loadAverage());
        System.out.println();
        tally.report().forEach(System.out::println);
        synchronized (ledger) {
            System.out.printf("%nledger at the end: %d datasets, %d models, %d jobs acknowledged and present; %d datasets,"
                            + " %d models, %d jobs deleted%n", ledger.datasets.size(), ledger.models.size(),
                    ledger.jobs.size(), ledger.deletedDatasets.size(), ledger.deletedModels.size(),
                    ledger.deletedJobs.size());
        }
        if (!findings.notes().isEmpty()) {
            System.out.println();
            System.out.println("notes (count × text):");
            findings.notes().forEach((text, n) -> System.out.printf("%6d × %s%n", n.get(), text));
        }
        System.out.println();
        List<String> violations = findings.violations();
        if (violations.isEmpty()) {
            System.out.println("violations: none");
        } else {
            System.out.println("violations: " + violations.size());
            violations.forEach(v -> System.out.println("  " + v));
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
