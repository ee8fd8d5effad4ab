package dev.descent.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One descent process started from the service jar on a free loopback port over the soak's storage directory, its
 * output appended to one log file; ended by SIGKILL ({@link #kill}) or SIGTERM ({@link #terminate}).
 */
final class SoakService {

    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final long logStart;
    private final long startedNanos = System.nanoTime();

    private SoakService(Process process, int port, Path log, long logStart) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts the jar; returns at once (see {@link #awaitReady}). A marker line in the log opens its output. */
    static SoakService start(SoakOptions options, Path storage, Path log, String label) throws IOException {
        int port = freePort();
        Files.writeString(log, "==== crash soak: " + label + ", port " + port + " ====\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-jar", options.jar().toString(), "--server.port=" + port,
                "--server.address=127.0.0.1", "--descent.storage.dir=" + storage));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new SoakService(process, port, log, logStart);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits for readiness (200 with "UP"); answers the time since the start, or throws with the log's tail when the
     * process exits or the timeout passes first.
     */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
        long deadline = startedNanos + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue()
                        + " before it was ready\n" + logTail(60));
            }
            try {
                HttpResponse<String> response = PROBE.send(readiness, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + " (last answer: " + last
                + ")\n" + logTail(60));
    }

    /** SIGKILL ({@code Process.destroyForcibly} on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " outlived SIGKILL by 60 s");
        }
    }

    /** SIGTERM; true when the process exited within the timeout (then 0 is a clean exit code). */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What this process has written to the log so far. */
    List<String> logLines() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
        int marker = text.indexOf("\n==== crash soak: ");
        if (marker >= 0) {
            text = text.substring(0, marker);
        }
        return text.lines().toList();
    }

    String logTail(int lines) {
        try {
            List<String> all = logLines();
            return "---- last lines of " + log + " ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
