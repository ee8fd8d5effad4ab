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
        SpringApplication.run(DescentApplication.class, args);
    }
}
