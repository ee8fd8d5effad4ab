package dev.descent;

import dev.descent.engine.nd4j.NativeEnvironment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The descent service: datasets in, trained linear models and predictions out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DescentApplication {

    public static void main(String[] args) {
        // Must run before anything loads OpenBLAS: it reads its core type and thread count only once, at load.
        NativeEnvironment.prepare();
        exitCleanlyOnSigterm();
        SpringApplication.run(DescentApplication.class, args);
    }

    /**
     * SIGTERM is how orchestrators ask a service to stop; a graceful stop should exit 0, not the JVM's 143.
     * System.exit runs the same shutdown hooks (Spring's graceful shutdown, the training grace period, the flush).
     */
    @SuppressWarnings("sunapi")
    private static void exitCleanlyOnSigterm() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> new Thread(() -> System.exit(0), "sigterm").start());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM on this platform: the JVM's default handling stays
        }
    }
}
