package dev.descent.engine.nd4j;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the native libraries' environment before they load. OpenBLAS 0.3.19, bundled with ND4J, does not recognise
 * current CPUs and falls back to SSE3 kernels unless {@code OPENBLAS_CORETYPE} names one; it and OpenMP read their
 * settings once, at load. So the process sets them in its own C environment (through JNA, which ND4J ships)
 * before the first ND4J class is touched. Values already in the environment win.
 */
public final class NativeEnvironment {

    private static final Logger log = LoggerFactory.getLogger(NativeEnvironment.class);
    private static volatile Map<String, String> applied;

    private NativeEnvironment() {
    }

    /** Idempotent; call first thing in main, and before any use of ND4J. */
    public static synchronized Map<String, String> prepare() {
        if (applied != null) {
            return applied;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        // One OpenMP thread per training job: measured 4× faster than the default on 2 cores, and jobs run in parallel.
        wanted.put("OMP_NUM_THREADS", "1");
        wanted.put("OPENBLAS_NUM_THREADS", "1");
        String coreType = coreTypeFor(cpuFlags());
        if (coreType != null) {
            wanted.put("OPENBLAS_CORETYPE", coreType);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            String existing = System.getenv(entry.getKey());
            if (existing != null) {
                result.put(entry.getKey(), existing);
            } else if (setenv(entry.getKey(), entry.getValue())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        log.info("Native environment: {}", result);
        applied = Map.copyOf(result);
        return applied;
    }

    /** The OpenBLAS core type for these CPU flags: never AVX-512 kernels on a CPU without them. */
    static String coreTypeFor(String flags) {
        if (flags == null) {
            return null;
        }
        String padded = " " + flags + " ";
        if (padded.contains(" avx512f ") && padded.contains(" avx512bw ") && padded.contains(" avx512vl ")) {
            return "SkylakeX";
        }
        if (padded.contains(" avx2 ")) {
            return "Haswell";
        }
        return null;
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read CPU flags", e);
        }
        return null;
    }

    private static boolean setenv(String name, String value) {
        try {
            int rc = NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 0});
            return rc == 0;
        } catch (RuntimeException | LinkageError e) {
            log.warn("Cannot set {} for the native libraries; set it in the environment instead", name, e);
            return false;
        }
    }
}
