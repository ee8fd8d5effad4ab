package dev.descent.dataset;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Has the JIT compile the Vector-API loop of the dataset statistics before the service reports itself ready, so that
 * the first large upload does not run it boxed ({@link ColumnStatistics#warmUp}). Runners finish before Spring Boot
 * publishes readiness.
 */
@Component
class StatisticsWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StatisticsWarmUp.class);

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        ColumnStatistics.WarmUp warmUp = ColumnStatistics.warmUp(20_000, TimeUnit.SECONDS.toNanos(3));
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (warmUp.compiled()) {
            log.info("The dataset statistics' Vector-API loop compiled after {} calls, {} ms", warmUp.calls(), millis);
        } else if (warmUp.calls() > 0) {
            log.warn("The dataset statistics' Vector-API loop was still slow after {} calls, {} ms (is C2 off, e.g. "
                    + "-XX:TieredStopAtLevel=1?); the statistics use the scalar loop", warmUp.calls(), millis);
        }
    }
}
