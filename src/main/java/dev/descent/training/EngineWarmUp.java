package dev.descent.training;

import dev.descent.engine.nd4j.Nd4jMiniBatchTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Warms the engine up before the service reports itself ready: ND4J's first use unpacks its natives and takes
 * seconds, which no first job should pay. Runners finish before Spring Boot publishes readiness, and this
 * indicator, part of the readiness group, stays down until the warm-up is done.
 */
@Component("engine")
class EngineWarmUp implements ApplicationRunner, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    private volatile long warmUpMillis = -1;

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        Nd4jMiniBatchTrainer.warmUp();
        warmUpMillis = (System.nanoTime() - started) / 1_000_000;
        log.info("Engine warmed up in {} ms", warmUpMillis);
    }

    boolean isWarm() {
        return warmUpMillis >= 0;
    }

    @Override
    public Health health() {
        return isWarm()
                ? Health.up().withDetail("warmUpMillis", warmUpMillis).build()
                : Health.outOfService().withDetail("reason", "warming up the native engine").build();
    }
}
