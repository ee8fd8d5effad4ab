package dev.descent.training.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.descent.engine.InvalidHyperparameterException;
import dev.descent.engine.schedule.Adaptive;
import dev.descent.engine.schedule.Constant;
import dev.descent.engine.schedule.Cosine;
import dev.descent.engine.schedule.Exponential;
import dev.descent.engine.schedule.InverseScaling;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.LearningRateSchedules;
import dev.descent.engine.schedule.Step;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code "learningRateSchedule": {"name": "step", "stepEpochs": 10, "gamma": 0.5}}, or the bare name as shorthand;
 * parameters left out take their defaults, and a parameter the schedule does not have is an error.
 */
@Schema(description = "The learning rate of each epoch t from learningRate η₀: constant (default), inverse-scaling "
        + "(η₀/tᵖ), step (η₀·γ^⌊(t−1)/stepEpochs⌋), exponential (η₀·γ^(t−1)), cosine (from η₀ to minLearningRate over "
        + "the epochs) or adaptive (η divided by 5 when the loss has not improved by tolerance for patience epochs), as "
        + "an object with its parameters or the bare name.", example = "{\"name\": \"step\", \"stepEpochs\": 10, \"gamma\": 0.5}")
public record LearningRateScheduleRequest(
        @Schema(description = "constant, inverse-scaling, step, exponential, cosine or adaptive",
                requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(description = "inverse-scaling: p, ≥ 0; default 0.5") Double power,
        @Schema(description = "step: epochs between two reductions, ≥ 1; default 10") Integer stepEpochs,
        @Schema(description = "step, exponential: γ, in (0, 1]; defaults 0.5 (step) and 0.95 (exponential)") Double gamma,
        @Schema(description = "cosine: the rate of the last epoch, ≥ 0 and below learningRate; default 0") Double minLearningRate,
        @Schema(description = "adaptive: epochs without improvement before the rate is divided by 5, ≥ 1; default 5")
        Integer patience,
        @Schema(description = "adaptive: the improvement that counts, ≥ 0; default 1e-4") Double tolerance) {

    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "constant", Set.of(),
            "inverse-scaling", Set.of("power"),
            "step", Set.of("stepEpochs", "gamma"),
            "exponential", Set.of("gamma"),
            "cosine", Set.of("minLearningRate"),
            "adaptive", Set.of("patience", "tolerance"));

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public LearningRateScheduleRequest {
    }

    /** The shorthand: a bare name. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LearningRateScheduleRequest named(String name) {
        return new LearningRateScheduleRequest(name, null, null, null, null, null, null);
    }

    /**
     * The engine's schedule, defaults filled.
     *
     * @throws InvalidHyperparameterException with the field relative to {@code learningRateSchedule}
     */
    LearningRateSchedule resolve() {
        if (name == null || !PARAMETERS.containsKey(name)) {
            throw new InvalidHyperparameterException("name", "must be one of "
                    + String.join(", ", LearningRateSchedules.NAMES) + (name == null ? "" : ", got '" + name + "'"));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("power", power);
        given.put("stepEpochs", stepEpochs);
        given.put("gamma", gamma);
        given.put("minLearningRate", minLearningRate);
        given.put("patience", patience);
        given.put("tolerance", tolerance);
        OptionParameters.refuseOthers(name, given, PARAMETERS.get(name));
        return switch (name) {
            case "constant" -> new Constant();
            case "inverse-scaling" -> new InverseScaling(power != null ? power : InverseScaling.defaults().power());
            case "step" -> {
                Step d = Step.defaults();
                yield new Step(stepEpochs != null ? stepEpochs : d.stepEpochs(), gamma != null ? gamma : d.gamma());
            }
            case "exponential" -> new Exponential(gamma != null ? gamma : Exponential.defaults().gamma());
            case "cosine" -> new Cosine(minLearningRate != null ? minLearningRate : Cosine.defaults().minLearningRate());
            default -> {
                Adaptive d = Adaptive.defaults();
                yield new Adaptive(patience != null ? patience : d.patience(), tolerance != null ? tolerance : d.tolerance());
            }
        };
    }
}
