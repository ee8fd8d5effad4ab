package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A failure nobody planned for is still a problem-details answer, and tells the client nothing of its internals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnexpectedErrorTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    @ResponseStatus(HttpStatus.I_AM_A_TEAPOT)
    static class Teapot extends RuntimeException {
    }

    @RestController
    static class Failing {
        @GetMapping("/test/fails")
        String fails() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/test/teapot")
        String teapot() {
            throw new Teapot();
        }
    }

    @TestConfiguration
    static class Controllers {
        @Bean
        Failing failing() {
            return new Failing();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void anUnexpectedExceptionIsA500ProblemWithoutItsMessage() {
        ApiClient api = new ApiClient(port);
        JsonNode problem = api.problem(api.http.get().uri("/test/fails"), 500);
        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/internal-error");
        assertThat(problem.path("requestId").asString()).isNotBlank();
        assertThat(problem.toString()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void anExceptionWithItsOwnStatusKeepsIt() {
        ApiClient api = new ApiClient(port);
        api.http.get().uri("/test/teapot").exchange().expectStatus().isEqualTo(418);
    }
}
