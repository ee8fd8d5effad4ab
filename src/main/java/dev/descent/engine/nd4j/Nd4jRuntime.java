package dev.descent.engine.nd4j;

import java.util.Map;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J once, after {@link NativeEnvironment}, and holds it to the thread counts chosen there. ND4J reads
 * {@code OMP_NUM_THREADS} through {@link System#getenv}, which does not see variables set at run time, and
 * otherwise sizes OpenMP and OpenBLAS (the copy the mini-batch kernel calls too) to all cores: measured here, that
 * made a job's epoch 1.3–1.8× slower than one thread and would have each job compete for both cores.
 */
final class Nd4jRuntime {

    private static final Logger log = LoggerFactory.getLogger(Nd4jRuntime.class);

    static {
        Map<String, String> environment = NativeEnvironment.prepare();
        Blas blas = Nd4j.factory().blas(); // loads the backend, which NativeOpsHolder needs first
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (System.getenv("OMP_NUM_THREADS") == null && environment.containsKey("OMP_NUM_THREADS")) {
            ops.setOmpNumThreads(Integer.parseInt(environment.get("OMP_NUM_THREADS")));
        }
        if (System.getenv("OMP_NUM_THREADS") == null && environment.containsKey("OPENBLAS_NUM_THREADS")) {
            blas.setMaxThreads(Integer.parseInt(environment.get("OPENBLAS_NUM_THREADS")));
        }
        log.info("ND4J loaded; OpenMP threads {}, OpenBLAS threads {}", ops.ompGetMaxThreads(), blas.getMaxThreads());
    }

    private Nd4jRuntime() {
    }

    /** Loads ND4J and sets its threads, the first time only. */
    static void load() {
        // the work is in the static initializer, which the JVM runs once
    }
}
