package dev.descent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs a test on Linux only: for tests that read {@code /proc} or a thread's nice value, which only Linux keeps per
 * thread. Elsewhere JUnit reports the test skipped, with this reason (README, "Platforms").
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EnabledOnOs(value = OS.LINUX, disabledReason = "reads /proc and per-thread nice values, which only Linux has")
public @interface RequiresLinux {
}
