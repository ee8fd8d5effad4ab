package dev.descent.training.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.descent.engine.InvalidHyperparameterException;
import dev.descent.engine.optimiser.AdaGrad;
import dev.descent.engine.optimiser.Adam;
import dev.descent.engine.optimiser.AdamW;
import dev.descent.engine.optimiser.Momentum;
import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.optimiser.Optimisers;
import dev.descent.engine.optimiser.RmsProp;
import dev.descent.engine.optimiser.Sgd;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code "optimizer": {"name": "adam", "beta1": 0.9, …}}, or the bare name as shorthand ({@code "optimizer": "adam"});
 * parameters left out take their defaults, and a parameter the optimiser does not have is an error.
 */
@Schema(description = "The update rule: sgd (default), momentum, adagrad, rmsprop, adam or adamw, as an object with "
        + "its parameters, or the bare name for its defaults.", example = "{\"name\": \"adam\", \"beta1\": 0.9}")
public record OptimizerRequest(
        @Schema(description = "sgd, momentum, adagrad, rmsprop, adam or adamw", requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
        @Schema(description = "momentum: μ in v ← μ·v + g, in [0, 1); default 0.9") Double momentum,
        @Schema(description = "momentum: Nesterov's form θ ← θ − η·(g + μ·v); default false") Boolean nesterov,
        @Schema(description = "adam, adamw: β₁, in [0, 1); default 0.9") Double beta1,
        @Schema(description = "adam, adamw: β₂, in [0, 1); default 0.999") Double beta2,
        @Schema(description = "adagrad, rmsprop, adam, adamw: ε in the denominator, > 0; default 1e-8") Double epsilon,
        @Schema(description = "rmsprop: ρ, the decay of the mean square, in [0, 1); default 0.9") Double rho,
        @Schema(description = "adamw: λ of the decoupled weight decay θ ← θ − η·λ·θ (weights only), ≥ 0; default 0.01")
        Double weightDecay) {

    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "sgd", Set.of(),
            "momentum", Set.of("momentum", "nesterov"),
            "adagrad", Set.of("epsilon"),
            "rmsprop", Set.of("rho", "epsilon"),
            "adam", Set.of("beta1", "beta2", "epsilon"),
            "adamw", Set.of("beta1", "beta2", "epsilon", "weightDecay"));

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public OptimizerRequest {
    }

    /** The shorthand: a bare name. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OptimizerRequest named(String name) {
        return new OptimizerRequest(name, null, null, null, null, null, null, null);
    }

    /**
     * The engine's optimiser, defaults filled.
     *
     * @throws InvalidHyperparameterException with the field relative to {@code optimizer}
     */
    Optimiser resolve() {
        if (name == null || !PARAMETERS.containsKey(name)) {
            throw new InvalidHyperparameterException("name", "must be one of " + String.join(", ", Optimisers.NAMES)
                    + (name == null ? "" : ", got '" + name + "'"));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("momentum", momentum);
        given.put("nesterov", nesterov);
        given.put("beta1", beta1);
        given.put("beta2", beta2);
        given.put("epsilon", epsilon);
        given.put("rho", rho);
        given.put("weightDecay", weightDecay);
        OptionParameters.refuseOthers(name, given, PARAMETERS.get(name));
        return switch (name) {
            case "sgd" -> new Sgd();
            case "momentum" -> {
                Momentum d = Momentum.defaults();
                yield new Momentum(or(momentum, d.momentum()), nesterov != null ? nesterov : d.nesterov());
            }
            case "adagrad" -> new AdaGrad(or(epsilon, AdaGrad.defaults().epsilon()));
            case "rmsprop" -> {
                RmsProp d = RmsProp.defaults();
                yield new RmsProp(or(rho, d.rho()), or(epsilon, d.epsilon()));
            }
            case "adam" -> {
                Adam d = Adam.defaults();
                yield new Adam(or(beta1, d.beta1()), or(beta2, d.beta2()), or(epsilon, d.epsilon()));
            }
            default -> {
                AdamW d = AdamW.defaults();
                yield new AdamW(or(beta1, d.beta1()), or(beta2, d.beta2()), or(epsilon, d.epsilon()),
                        or(weightDecay, d.weightDecay()));
            }
        };
    }

    private static double or(Double given, double fallback) {
        return given != null ? given : fallback;
    }
}
