import org.bytedeco.javacpp.Loader;

/**
 * Unpacks ND4J's and OpenBLAS's native libraries into JavaCPP's cache at image build time, so that the container's
 * first start loads them from {@code org.bytedeco.javacpp.cachedir} instead of unpacking ~400 MB. Run as a Java 17
 * source file on the service's runtime class path: JavaCPP names each cache entry after the jar it came from and
 * checks size and timestamp, so the service reuses these files only if it loads the same jars.
 */
public class PreloadNatives {

    public static void main(String[] args) throws java.io.IOException {
        // The classes the service loads: ND4J's CPU backend and the OpenBLAS bindings its mini-batch kernel calls.
        Class<?>[] classes = {
                org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.class,
                org.bytedeco.openblas.global.openblas_nolapack.class,
                org.bytedeco.openblas.global.openblas.class,
        };
        for (Class<?> type : classes) {
            System.out.println(type.getName() + " -> " + Loader.load(type));
        }
        System.out.println("JavaCPP cache: " + Loader.getCacheDir());
    }
}
