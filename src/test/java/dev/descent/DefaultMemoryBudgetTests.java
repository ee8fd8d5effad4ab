package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without descent.training.memory-budget, the budget comes from the process's real limits, not "no limit". */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultMemoryBudgetTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void theBudgetIsWhatJavaCppsCapAndTheMachineLeaveBesideTheHeap() {
        double budget = new ApiClient(port).get("/actuator/metrics/descent.training.memory.budget")
                .path("measurements").get(0).path("value").asDouble();

        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        long cap = Pointer.maxPhysicalBytes() > 0 ? Math.min(Pointer.maxPhysicalBytes(), machine) : machine;
        long expected = cap - Runtime.getRuntime().maxMemory() - (256L << 20);
        assertThat(expected).as("this JVM leaves room for native memory").isPositive();
        assertThat((long) budget).isEqualTo(expected).isLessThan(machine);
    }
}
