package dev.descent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs a test on x86-64 only: for tests of the Vector-API training loop, which descent turns on only there (the
 * JDK's SVML intrinsics for exp and log1p are x86-64's; {@code engine.nd4j.VectorApi}). Elsewhere JUnit reports the
 * test skipped, with this reason (README, "Platforms").
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64",
        disabledReason = "the Vector-API training loop runs on x86-64 only (VectorApi.AVAILABLE)")
public @interface RequiresX8664 {
}
