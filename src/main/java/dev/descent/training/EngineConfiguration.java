package dev.descent.training;

import dev.descent.engine.Trainer;
import dev.descent.engine.nd4j.Nd4jMiniBatchTrainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the engine's ND4J implementation; nothing outside the engine names it. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    Trainer trainer() {
        return new Nd4jMiniBatchTrainer();
    }
}
