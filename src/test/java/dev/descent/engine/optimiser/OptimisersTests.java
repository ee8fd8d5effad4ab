package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.InvalidHyperparameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimisersTests {

    private static final List<Optimiser> ALL = List.of(Sgd.defaults(), Momentum.defaults(), new Momentum(0.9, true),
            AdaGrad.defaults(), RmsProp.defaults(), Adam.defaults(), AdamW.defaults());

    @Test
    void eachNameGivesItsDefaults() {
        assertThat(Optimisers.NAMES).containsExactly("sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw");
        assertThat(Optimisers.defaults("sgd")).isEqualTo(new Sgd());
        assertThat(Optimisers.defaults("momentum")).isEqualTo(Momentum.defaults());
        assertThat(Optimisers.defaults("adagrad")).isEqualTo(AdaGrad.defaults());
        assertThat(Optimisers.defaults("rmsprop")).isEqualTo(RmsProp.defaults());
        assertThat(Optimisers.defaults("adam")).isEqualTo(Adam.defaults());
        assertThat(Optimisers.defaults("adamw")).isEqualTo(AdamW.defaults());
        for (String name : Optimisers.NAMES) {
            assertThat(Optimisers.defaults(name).name()).isEqualTo(name);
        }
    }

    @Test
    void anUnknownNameSaysWhichAreKnown() {
        for (String name : new String[] {"Adam", "lbfgs", "", null}) {
            assertThatThrownBy(() -> Optimisers.defaults(name))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.reason()).isEqualTo("must be one of sgd, momentum, adagrad, rmsprop, adam, adamw, got " + name);
                    });
        }
    }

    @Test
    void runsFromOneOptimiserShareNoState() {
        for (Optimiser optimiser : ALL) {
            Optimiser.Run first = optimiser.start(2, 1);
            Optimiser.Run second = optimiser.start(2, 1);
            double[] a = {1, 2};
            for (int step = 0; step < 3; step++) {
                first.step(a, new double[] {a[0], 2 * a[1]}, 0.1);
            }
            // the second run's first step is a fresh run's first step, whatever the first run has accumulated
            double[] b = {1, 2};
            second.step(b, new double[] {1, 4}, 0.1);
            double[] fresh = {1, 2};
            optimiser.start(2, 1).step(fresh, new double[] {1, 4}, 0.1);
            assertThat(b).as(optimiser.name()).containsExactly(fresh);
        }
    }

    @Test
    void aStepRefusesArraysOfAnotherLength() {
        for (Optimiser optimiser : ALL) {
            Optimiser.Run run = optimiser.start(2, 0);
            assertThatThrownBy(() -> run.step(new double[3], new double[3], 0.1))
                    .as(optimiser.name()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected 2 parameters, got 3");
            assertThatThrownBy(() -> run.step(new double[2], new double[1], 0.1))
                    .as(optimiser.name()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a gradient of 2 values, got 1");
        }
    }

    @Test
    void aRunNeedsParametersAndAtMostAsManyBiases() {
        for (Optimiser optimiser : ALL) {
            assertThatThrownBy(() -> optimiser.start(0, 0)).as(optimiser.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected at least 1 parameter, got 0");
            assertThatThrownBy(() -> optimiser.start(2, 3)).as(optimiser.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 0 to 2 biases, got 3");
            assertThatThrownBy(() -> optimiser.start(2, -1)).as(optimiser.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 0 to 2 biases, got -1");
        }
    }
}
