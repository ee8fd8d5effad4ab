package dev.descent.engine.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.factory.Nd4j;

/** The native side of a run, once per process: what a model's manifest records so that a run can be repeated. */
final class Nd4jEnvironment {

    private static volatile Map<String, String> described;

    private Nd4jEnvironment() {
    }

    static Map<String, String> describe() {
        Map<String, String> known = described;
        if (known == null) {
            Nd4jRuntime.load();
            Map<String, String> values = new LinkedHashMap<>();
            values.put("nd4j", version(Nd4j.class, "org.nd4j", "nd4j-api"));
            values.put("openblas", openblas.OPENBLAS_VERSION.trim());
            // the kernels OpenBLAS runs: the core type NativeEnvironment set (or found set), else its own detection
            values.put("openblasCoreType", NativeEnvironment.prepare().getOrDefault("OPENBLAS_CORETYPE", "detected by OpenBLAS"));
            values.put("vectorResiduals", Boolean.toString(VectorApi.AVAILABLE));
            values.put("arch", System.getProperty("os.arch"));
            known = Map.copyOf(values);
            described = known;
        }
        return known;
    }

    /** A library's version from its jar's Maven metadata, or its manifest; "unknown" when neither says. */
    private static String version(Class<?> type, String group, String artifact) {
        try (InputStream in = type.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
