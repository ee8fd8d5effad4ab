package dev.descent.engine.nd4j;

/**
 * Whether this JVM can run {@link VectorResiduals}: kept apart from it, because loading any class that names a
 * {@code jdk.incubator.vector} type fails with NoClassDefFoundError when the JVM was started without the module.
 */
final class VectorApi {

    /**
     * True when {@code jdk.incubator.vector} is in the boot layer ({@code --add-modules jdk.incubator.vector}) and the
     * CPU is x86-64, where the JDK has SVML intrinsics for exp and log1p (elsewhere the Vector API computes them lane by
     * lane in Java, slower than the scalar loop).
     */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && switch (System.getProperty("os.arch", "")) {
                case "amd64", "x86_64" -> true;
                default -> false;
            };

    private VectorApi() {
    }
}
