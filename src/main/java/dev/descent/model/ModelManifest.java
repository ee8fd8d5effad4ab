package dev.descent.model;

import java.util.Map;

/**
 * What a model's numbers came from, so that the same run can be made again: with the model's effective
 * {@code hyperparameters} (every default filled, the seed included), on the dataset of this hash, the same kernel
 * on the same engine gives bit-identical weights.
 *
 * @param datasetSha256  the SHA-256 of the dataset's float32 values, as the dataset shows it
 * @param seed           the run's seed (also in the hyperparameters)
 * @param kernel         the engine path that ran
 * @param engine         the engine's libraries and CPU kernels: ND4J and OpenBLAS versions, OpenBLAS's core type,
 *                       whether the Vector-API loop ran, the CPU architecture
 * @param jdk            the JVM's vendor and version
 * @param descentVersion the service's version
 * @param descentCommit  the service's git commit
 */
public record ModelManifest(String datasetSha256, long seed, String kernel, Map<String, String> engine, String jdk,
                            String descentVersion, String descentCommit) {

    public ModelManifest {
        engine = engine == null ? Map.of() : Map.copyOf(engine);
    }
}
