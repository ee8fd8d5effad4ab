package dev.descent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A descent service in a child JVM, so that a test can end it the way the operating system or an operator would:
 * SIGKILL ({@link #kill}) or SIGTERM ({@link #terminate}), not a context close.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@link DescentApplication} on a free port over the storage directory, its output going to the log
     * file, and waits until it reports itself ready.
     */
    static ServiceProcess start(Path storage, Path log, String... arguments) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: on a 2-core CI machine C2's compile threads double the start-up time, and nothing here
                // depends on peak speed
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", serviceClasspath(),
                DescentApplication.class.getName(),
                "--server.port=" + port,
                "--descent.storage.dir=" + storage));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        try {
            service.awaitReady();
        } catch (RuntimeException | Error | InterruptedException e) {
            service.close();
            throw e;
        }
        return service;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Answers the exit code once the process is gone. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** SIGTERM, as {@code kill} or an orchestrator's stop. Answers the exit code, or fails if it outlives the timeout. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not exit within " + timeout + " of SIGTERM\n" + logTail(60));
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- last lines of " + log + " ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before it was ready\n"
                        + logTail(80));
            }
            try {
                HttpResponse<String> response = HTTP.send(readiness, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not ready within " + READY_TIMEOUT + " (last answer: " + last + ")\n"
                + logTail(80));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The test's class path without the test classes, so that the child runs the application as it ships. Under
     * surefire the class path is one manifest-only jar whose {@code Class-Path} names the real entries.
     */
    static String serviceClasspath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.addAll(expandManifestOnlyJar(Path.of(entry)));
        }
        Path testClasses = testClassesDirectory();
        return String.join(File.pathSeparator, entries.stream()
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(testClasses))
                .toList());
    }

    private static List<String> expandManifestOnlyJar(Path entry) {
        if (!entry.getFileName().toString().startsWith("surefirebooter") || !Files.isRegularFile(entry)) {
            return List.of(entry.toString());
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return List.of(entry.toString());
            }
            List<String> expanded = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                expanded.add(Path.of(entry.toUri().resolve(url)).toString());
            }
            return expanded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        }
    }

    private static Path testClassesDirectory() {
        try {
            return Path.of(ServiceProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
