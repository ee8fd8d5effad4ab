package dev.descent.training;

import dev.descent.engine.Trainer;
import dev.descent.engine.nd4j.Nd4jMiniBatchTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the engine and warms it up before the service reports itself ready: ND4J's first use unpacks its
 * natives and takes seconds, which no first job should pay.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    Trainer trainer() {
        return new Nd4jMiniBatchTrainer();
    }

    @Bean
    ApplicationRunner engineWarmUp() {
        return args -> {
            long started = System.nanoTime();
            Nd4jMiniBatchTrainer.warmUp();
            log.info("Engine warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        };
    }
}
