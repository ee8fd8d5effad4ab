package dev.descent.dataset.web;

import dev.descent.dataset.Dataset;
import dev.descent.dataset.Datasets;
import dev.descent.system.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Uploads, lists, shows and deletes datasets. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload training data once (CSV or JSON), then train on it by id")
public class DatasetController {

    static final String CSV = "text/csv";
    // the three ways to create share one operation in the OpenAPI document, so they share its texts
    private static final String CREATE_SUMMARY = "Create a dataset from a CSV body, a CSV file in a form, or JSON arrays";
    private static final String CREATE_DESCRIPTION = """
            text/csv: the body is a UTF-8 CSV with a header row and numbers in every other cell, parsed as it streams \
            in; query parameters 'name' and 'target' (the target column, by default the last one; it is moved to the \
            end of each row). multipart/form-data: part 'file' holds the same CSV, fields 'name' (by default the \
            file's name) and 'target'. application/json: {"name", "featureNames" (optional, x1..xd), "features": \
            [[...]], "targets": [...]}, for small data.""";
    private static final int MAX_DERIVED_NAME_LENGTH = 100;

    private final Datasets datasets;

    public DatasetController(Datasets datasets) {
        this.datasets = datasets;
    }

    @PostMapping(consumes = {CSV, "application/csv"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDataset", summary = CREATE_SUMMARY, description = CREATE_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = CSV, schema = @Schema(type = "string", format = "binary",
                    example = "size,rooms,price\n120.5,4,310000\n80,3,198000\n"))))
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new dataset")
    @ApiResponse(responseCode = "400", description = "The input cannot be used; the detail names the place and the fix",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "413", description = "Over a configured limit (rows, features, upload size)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "415", description = "Not CSV, a multipart form or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    public ResponseEntity<DatasetResponse> uploadCsv(
            @Parameter(description = "A name for people; a time-stamped one when missing") @RequestParam(required = false) String name,
            @Parameter(description = "The target column's name; the last column when missing") @RequestParam(required = false) String target,
            HttpServletRequest request) throws IOException {
        return created(datasets.createFromCsv(name, target, request.getInputStream()));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDataset", summary = CREATE_SUMMARY, description = CREATE_DESCRIPTION)
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new dataset")
    public ResponseEntity<DatasetResponse> uploadForm(
            @Parameter(description = "The CSV file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "A name for people; the file's name when missing") @RequestParam(required = false) String name,
            @Parameter(description = "The target column's name; the last column when missing") @RequestParam(required = false) String target)
            throws IOException {
        String datasetName = name == null || name.isBlank() ? nameOf(file.getOriginalFilename()) : name;
        try (InputStream csv = file.getInputStream()) {
            return created(datasets.createFromCsv(datasetName, target, csv));
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createDataset", summary = CREATE_SUMMARY, description = CREATE_DESCRIPTION)
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new dataset")
    public ResponseEntity<DatasetResponse> create(@RequestBody DatasetRequest request) {
        return created(datasets.createFromArrays(request.name(), request.featureNames(), request.features(),
                request.targets(), Dataset.SOURCE_JSON));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDatasets", summary = "List datasets, newest first")
    public PageResponse<DatasetResponse> list(
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 500") @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(datasets.all(), page, size, DatasetResponse::from);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDataset", summary = "Show a dataset: columns, summaries, size and hash")
    @ApiResponse(responseCode = "200", description = "The dataset")
    @ApiResponse(responseCode = "404", description = "No dataset has this id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    public DatasetResponse get(@PathVariable String id) {
        return DatasetResponse.from(datasets.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset and its files")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No dataset has this id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    public ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<DatasetResponse> created(Dataset dataset) {
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id())).body(DatasetResponse.from(dataset));
    }

    /** The uploaded file's name without directories or extension, or null to let the store make one. */
    static String nameOf(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (base.isEmpty()) {
            return null;
        }
        return base.length() <= MAX_DERIVED_NAME_LENGTH ? base : base.substring(0, MAX_DERIVED_NAME_LENGTH);
    }
}
