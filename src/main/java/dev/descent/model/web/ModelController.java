package dev.descent.model.web;

import dev.descent.model.TrainedModels;
import dev.descent.system.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Models", description = "The repository of trained models, and predictions")
@RestController
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
class ModelController {

    private final TrainedModels models;

    ModelController(TrainedModels models) {
        this.models = models;
    }

    @Operation(summary = "List trained models, newest first")
    @GetMapping
    PageResponse<ModelResponse> list(@RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "" + PageResponse.DEFAULT_SIZE) int size) {
        PageResponse.check(page, size, PageResponse.MAX_SIZE);
        return new PageResponse<>(models.page((long) page * size, size).stream().map(ModelResponse::of).toList(), page,
                size, models.size());
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
}
