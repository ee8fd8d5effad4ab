package dev.descent.model.web;

import dev.descent.model.Prediction;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a prediction request and writes its answer with Jackson's streaming parser and generator, straight between
 * the socket's streams and {@code double[]} rows: the one-row prediction is the service's hottest request, and data
 * binding through Spring's message converters cost more than everything else it does (bench/LOAD.md).
 *
 * <p>Errors are Jackson's own exceptions, with the same JSON path that data binding would give them, so that the
 * problem details name the field exactly as for every other endpoint: malformed JSON, a field of the wrong type
 * ({@code features[0][1]}), an unknown field. Only numbers are numbers: {@code "1.5"} or {@code null} in a row is
 * refused with the field's path.
 */
final class PredictionJson {

    static final String FEATURES = "features";
    static final String INSTANCES = "instances";
    private static final List<Object> FIELDS = List.of(FEATURES, INSTANCES);

    private final JsonMapper json;
    private final ObjectReader instancesReader;

    PredictionJson(JsonMapper json) {
        this.json = json;
        // bound in the middle of the body, so the tokens after the list are not "trailing"
        this.instancesReader = json.readerFor(new TypeReference<List<Map<String, Double>>>() { })
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The request body; a missing body is {@code null}. */
    PredictionRequest read(InputStream body) {
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw MismatchedInputException.from(parser, PredictionRequest.class, "expected a JSON object");
            }
            List<double[]> features = null;
            List<Map<String, Double>> instances = null;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case FEATURES -> features = value == JsonToken.VALUE_NULL ? null : rows(parser);
                    case INSTANCES -> instances = value == JsonToken.VALUE_NULL ? null : instances(parser);
                    default -> throw UnrecognizedPropertyException.from(parser, PredictionRequest.class, name, FIELDS);
                }
            }
            if (parser.nextToken() != null) {
                throw MismatchedInputException.from(parser, PredictionRequest.class,
                        "unexpected content after the JSON object: " + parser.currentToken());
            }
            return new PredictionRequest(features, instances);
        }
    }

    /** {@code {"modelId": …, "predictions": [{"label", "probability", "score"} or {"value"}, …]}}, as data binding writes it. */
    void write(PredictionResponse response, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("modelId", response.modelId());
            generator.writeName("predictions");
            generator.writeStartArray();
            for (Prediction prediction : response.predictions()) {
                generator.writeStartObject();
                if (prediction.label() != null) {
                    generator.writeNumberProperty("label", prediction.label());
                }
                if (prediction.probability() != null) {
                    generator.writeNumberProperty("probability", prediction.probability());
                }
                if (prediction.score() != null) {
                    generator.writeNumberProperty("score", prediction.score());
                }
                if (prediction.value() != null) {
                    generator.writeNumberProperty("value", prediction.value());
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    private static List<double[]> rows(JsonParser parser) {
        expectArray(parser, List.class, FEATURES, -1);
        List<double[]> rows = new ArrayList<>();
        double[] buffer = new double[16];
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int row = rows.size();
            if (token == JsonToken.VALUE_NULL) {
                rows.add(null); // Predictions names the row: "must be an array of n numbers"
                continue;
            }
            expectArray(parser, double[].class, FEATURES, row);
            int width = 0;
            for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw at(MismatchedInputException.from(parser, double.class, "expected a number, got " + token),
                            row, width);
                }
                if (width == buffer.length) {
                    buffer = Arrays.copyOf(buffer, width * 2);
                }
                buffer[width++] = parser.getDoubleValue();
            }
            rows.add(Arrays.copyOf(buffer, width));
        }
        return rows;
    }

    private List<Map<String, Double>> instances(JsonParser parser) {
        try {
            return instancesReader.readValue(parser);
        } catch (JacksonException e) {
            throw e.prependPath(PredictionRequest.class, INSTANCES);
        }
    }

    private static void expectArray(JsonParser parser, Class<?> type, String field, int row) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            JacksonException e = MismatchedInputException.from(parser, type, "expected an array, got " + parser.currentToken());
            throw row < 0 ? e.prependPath(PredictionRequest.class, field) : at(e, row, -1);
        }
    }

    /** The path {@code features[row]} or {@code features[row][column]}. */
    private static JacksonException at(JacksonException e, int row, int column) {
        if (column >= 0) {
            e.prependPath(double[].class, column);
        }
        return e.prependPath(List.class, row).prependPath(PredictionRequest.class, FEATURES);
    }
}
