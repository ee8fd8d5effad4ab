package dev.descent.dataset.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.descent.dataset.ColumnSummary;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetNotFoundException;
import dev.descent.dataset.DatasetProperties;
import dev.descent.dataset.Datasets;
import dev.descent.dataset.TargetSummary;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PayloadTooLargeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@WebMvcTest(DatasetController.class)
@EnableConfigurationProperties(DatasetProperties.class) // for the upload limit
@Import(SimpleMeterRegistry.class) // for the upload limit's gauge
class DatasetControllerTests {

    private static final String ID = "0d6c7a3e-6f55-4a8e-9c55-3f8b2f5d9a10";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    Datasets datasets;

    @Test
    void uploadsACsvBody() {
        AtomicReference<String> received = new AtomicReference<>();
        given(datasets.createFromCsv(eq("houses"), eq("price"), any())).willAnswer(call -> {
            received.set(new String(call.<InputStream>getArgument(2).readAllBytes(), UTF_8));
            return dataset(ID, "houses", "csv");
        });

        MvcTestResult result = mvc.post().uri("/api/v1/datasets?name=houses&target=price")
                .contentType("text/csv").content("size,price\n1,2\n").exchange();

        assertThat(result).hasStatus(HttpStatus.CREATED)
                .hasHeader("Location", "/api/v1/datasets/" + ID)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(ID);
        assertThat(result).bodyJson().extractingPath("$.featureNames").asArray().containsExactly("size");
        assertThat(result).bodyJson().extractingPath("$.target").isEqualTo("price");
        assertThat(result).bodyJson().extractingPath("$.rows").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2025-01-02T03:04:05Z");
        assertThat(result).bodyJson().extractingPath("$.features[0].mean").isEqualTo(1.5);
        assertThat(result).bodyJson().extractingPath("$.targetSummary.zeros").isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.targetSummary.distinctValues").asArray().hasSize(2);
        assertThat(result).bodyJson().extractingPath("$.sha256").isEqualTo("ab".repeat(32));
        assertThat(result).bodyJson().extractingPath("$.source").isEqualTo("csv");
        assertThat(received.get()).isEqualTo("size,price\n1,2\n");
    }

    @Test
    void uploadsAMultipartFormNamedAfterTheFile() {
        AtomicReference<String> received = new AtomicReference<>();
        given(datasets.createFromCsv(eq("houses"), isNull(), any())).willAnswer(call -> {
            received.set(new String(call.<InputStream>getArgument(2).readAllBytes(), UTF_8));
            return dataset(ID, "houses", "csv");
        });

        MvcTestResult result = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "houses.csv", "text/csv", "a,y\n1,0\n".getBytes(UTF_8)))
                .exchange();

        assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/v1/datasets/" + ID);
        assertThat(received.get()).isEqualTo("a,y\n1,0\n");
    }

    @Test
    void passesTheFormFieldsOfAMultipartUpload() {
        given(datasets.createFromCsv(eq("mine"), eq("a"), any())).willReturn(dataset(ID, "mine", "csv"));

        assertThat(mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "x.csv", "text/csv", "a,y\n1,0\n".getBytes(UTF_8)))
                .param("name", "mine").param("target", "a"))
                .hasStatus(HttpStatus.CREATED);
    }

    @Test
    void aMultipartUploadWithoutAFileIsBadInput() {
        assertThat(mvc.post().uri("/api/v1/datasets").multipart().param("name", "x"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void createsFromJsonArrays() {
        given(datasets.createFromArrays(eq("xor"), eq(List.of("a", "b")), any(), any(), eq("json")))
                .willAnswer(call -> {
                    double[][] features = call.getArgument(2);
                    double[] targets = call.getArgument(3);
                    assertThat(features).isDeepEqualTo(new double[][] {{0, 1}, {1, 0}});
                    assertThat(targets).containsExactly(1, 1);
                    return dataset(ID, "xor", "json");
                });

        MvcTestResult result = mvc.post().uri("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name": "xor", "featureNames": ["a", "b"], "features": [[0, 1], [1, 0]], "targets": [1, 1]}
                        """).exchange();

        assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/v1/datasets/" + ID);
        assertThat(result).bodyJson().extractingPath("$.source").isEqualTo("json");
    }

    @Test
    void rejectsUnknownJsonFieldsWrongTypesAndMalformedJson() {
        assertThat(postJson("{\"features\": [[1]], \"targets\": [1], \"colour\": 3}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("colour");
        assertThat(postJson("{\"features\": [[\"one\"]], \"targets\": [1]}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(postJson("{\"features\": [[1]], "))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        verify(datasets, never()).createFromArrays(any(), any(), any(), any(), anyString());
    }

    @Test
    void answersBadInputAsProblemDetailsWithErrors() {
        given(datasets.createFromCsv(any(), any(), any())).willThrow(new InvalidInputException(
                "Line 3, column 'b': 'two' is not a number; write plain decimal numbers.",
                List.of(new InvalidInputException.FieldError("line 3, column 'b'", "'two' is not a number"))));

        MvcTestResult result = mvc.post().uri("/api/v1/datasets").contentType("text/csv").content("a,b\n1,2\n1,two\n")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("Line 3, column 'b'");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("line 3, column 'b'");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("'two' is not a number");
    }

    @Test
    void answersALimitWith413() {
        given(datasets.createFromCsv(any(), any(), any())).willThrow(new PayloadTooLargeException(
                "The dataset has more than 10 rows; raise descent.datasets.max-rows."));

        assertThat(mvc.post().uri("/api/v1/datasets").contentType("text/csv").content("a,b\n1,2\n"))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.detail").asString().contains("descent.datasets.max-rows");
    }

    @Test
    void refusesOtherContentTypes() {
        assertThat(mvc.post().uri("/api/v1/datasets").contentType(MediaType.TEXT_PLAIN).content("a,b\n1,2\n"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void showsADataset() {
        given(datasets.get(ID)).willReturn(dataset(ID, "houses", "csv"));

        assertThat(mvc.get().uri("/api/v1/datasets/{id}", ID))
                .hasStatusOk()
                .bodyJson().extractingPath("$.name").isEqualTo("houses");
    }

    @Test
    void answersAnUnknownIdWith404() {
        given(datasets.get("nope")).willThrow(new DatasetNotFoundException("nope"));
        willThrow(new DatasetNotFoundException("nope")).given(datasets).delete("nope");

        assertThat(mvc.get().uri("/api/v1/datasets/nope"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.detail").isEqualTo("No dataset with id 'nope' exists.");
        assertThat(mvc.delete().uri("/api/v1/datasets/nope"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void deletesADataset() {
        assertThat(mvc.delete().uri("/api/v1/datasets/{id}", ID)).hasStatus(HttpStatus.NO_CONTENT);

        verify(datasets).delete(ID);
    }

    @Test
    void listsDatasetsInPages() {
        given(datasets.all()).willReturn(List.of(dataset("c", "third", "csv"), dataset("b", "second", "json"),
                dataset("a", "first", "inline")));

        MvcTestResult page = mvc.get().uri("/api/v1/datasets?page=1&size=2").exchange();

        assertThat(page).hasStatusOk();
        assertThat(page).bodyJson().extractingPath("$.items[*].id").asArray().containsExactly("a");
        assertThat(page).bodyJson().extractingPath("$.page").isEqualTo(1);
        assertThat(page).bodyJson().extractingPath("$.size").isEqualTo(2);
        assertThat(page).bodyJson().extractingPath("$.totalItems").isEqualTo(3);
        assertThat(mvc.get().uri("/api/v1/datasets")).hasStatusOk()
                .bodyJson().extractingPath("$.items[*].id").asArray().containsExactly("c", "b", "a");
        assertThat(mvc.get().uri("/api/v1/datasets?size=0"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("size");
        assertThat(mvc.get().uri("/api/v1/datasets?page=x"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void derivesANameFromTheUploadedFile() {
        assertThat(DatasetController.nameOf("C:\\data\\houses.2024.csv")).isEqualTo("houses.2024");
        assertThat(DatasetController.nameOf("/tmp/x.csv")).isEqualTo("x");
        assertThat(DatasetController.nameOf(".csv")).isEqualTo(".csv");
        assertThat(DatasetController.nameOf("")).isNull();
        assertThat(DatasetController.nameOf(null)).isNull();
    }

    private MvcTestResult postJson(String body) {
        return mvc.post().uri("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static Dataset dataset(String id, String name, String source) {
        return new Dataset(id, name, 2, List.of("size"), "price", Instant.parse("2025-01-02T03:04:05Z"),
                List.of(new ColumnSummary("size", 1, 2, 1.5, 0.5)),
                new TargetSummary("price", 0, 1, 0.5, 0.5, 1, 1, List.of(0.0, 1.0), false),
                40, "ab".repeat(32), source);
    }
}
