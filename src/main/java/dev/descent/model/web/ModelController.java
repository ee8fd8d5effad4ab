package dev.descent.model.web;

import dev.descent.model.Predictions;
import dev.descent.model.TrainedModels;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Models", description = "The repository of trained models, and predictions")
@RestController
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
class ModelController {

    private static final double DEFAULT_THRESHOLD = 0.5;

    private final TrainedModels models;
    private final Predictions predictions;

    ModelController(TrainedModels models, Predictions predictions) {
        this.models = models;
        this.predictions = predictions;
    }

    @Operation(summary = "List trained models, newest first")
    @GetMapping
    PageResponse<ModelResponse> list(@RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "" + PageResponse.DEFAULT_SIZE) int size) {
        return PageResponse.of(models.all(), page, size, ModelResponse::of);
    }

    @Operation(summary = "Get a model: raw-space weights and bias, metrics, provenance")
    @GetMapping("/{id}")
    ModelResponse get(@PathVariable String id) {
        return ModelResponse.of(models.get(id));
    }

    @Operation(summary = "Delete a model")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        models.delete(id);
    }

    @Operation(summary = "Score rows with a model",
            description = "Send either features (arrays in the model's feature order) or instances (objects keyed by "
                    + "feature name). Logistic models answer {label, probability} with label = 1 when probability >= "
                    + "threshold; linear models answer {value}.")
    @PostMapping(path = "/{id}/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predict(@PathVariable String id, @RequestBody PredictionRequest request,
                               @Parameter(description = "probability from which a logistic model answers label 1",
                                       schema = @Schema(type = "number", defaultValue = "0.5", minimum = "0", maximum = "1"))
                               @RequestParam(required = false) Double threshold) {
        // No defaultValue on the annotation: Spring would resolve it as an embedded expression on every request.
        boolean hasFeatures = request.features() != null;
        boolean hasInstances = request.instances() != null;
        if (hasFeatures == hasInstances) {
            throw new InvalidInputException("Send exactly one of 'features' (arrays of numbers) or 'instances' "
                    + "(objects keyed by feature name).",
                    List.of(new InvalidInputException.FieldError("features", "exactly one of features or instances is required")));
        }
        var result = hasFeatures
                ? predictions.predictRows(id, request.features(), threshold == null ? DEFAULT_THRESHOLD : threshold)
                : predictions.predictInstances(id, request.instances(), threshold == null ? DEFAULT_THRESHOLD : threshold);
        return new PredictionResponse(id, result);
    }
}
