package dev.descent.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests to one service process on 127.0.0.1, each answered, refused before it was sent, or in doubt: a request
 * whose answer never arrived may or may not have been carried out.
 */
final class SoakHttp {

    enum Outcome { ANSWERED, NOT_SENT, IN_DOUBT }

    /** One request's fate: the status and body when answered, the failure otherwise. */
    record Answer(Outcome outcome, int status, String body, String failure) {

        boolean answered() {
            return outcome == Outcome.ANSWERED;
        }

        boolean is(int expected) {
            return answered() && status == expected;
        }

        boolean success() {
            return answered() && status / 100 == 2;
        }

        @Override
        public String toString() {
            return switch (outcome) {
                case ANSWERED -> status + " " + abbreviate(body, 300);
                case NOT_SENT -> "not sent (" + failure + ")";
                case IN_DOUBT -> "no answer (" + failure + ")";
            };
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(180);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    SoakHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String path) throws InterruptedException {
        return send(request(path, REQUEST_TIMEOUT).GET().build());
    }

    Answer delete(String path) throws InterruptedException {
        return send(request(path, REQUEST_TIMEOUT).DELETE().build());
    }

    Answer postJson(String path, String json) throws InterruptedException {
        return send(request(path, REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    Answer post(String path) throws InterruptedException {
        return send(request(path, REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    Answer postCsv(String path, byte[] csv) throws InterruptedException {
        return send(request(path, UPLOAD_TIMEOUT).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build());
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(Outcome.ANSWERED, response.statusCode(), response.body(), null);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new Answer(Outcome.NOT_SENT, 0, null, e.getClass().getSimpleName());
        } catch (IOException e) {
            return new Answer(Outcome.IN_DOUBT, 0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replace('\n', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }
}
