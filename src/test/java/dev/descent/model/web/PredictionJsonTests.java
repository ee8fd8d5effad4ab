package dev.descent.model.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** The streaming reader and writer against Jackson's data binding, which they replace on the hot path. */
class PredictionJsonTests {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final PredictionJson json = new PredictionJson(mapper);

    @Test
    void writesExactlyWhatDataBindingWrites() {
        SplittableRandom random = new SplittableRandom(7);
        List<Prediction> predictions = new ArrayList<>();
        double[] awkward = {0.0, -0.0, 1.0, 0.1, 1e-300, Double.MIN_VALUE, 0.49999999999999994, 123456789.125, -3.5e17};
        for (double value : awkward) {
            predictions.add(Prediction.regressed(value));
            predictions.add(Prediction.classified(Math.abs(value) % 1, 0.5));
        }
        for (int i = 0; i < 1000; i++) {
            double p = random.nextDouble();
            predictions.add(random.nextBoolean() ? Prediction.classified(p, 0.5) : Prediction.regressed(random.nextGaussian() * 1e6));
        }
        PredictionResponse response = new PredictionResponse("m-1\"\\é", predictions);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.write(response, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(response));
    }

    @Test
    void readsWhatDataBindingReads() {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder body = new StringBuilder("{\"features\": [");
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double[] row = new double[1 + random.nextInt(40)];
            body.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextBoolean() ? random.nextInt(-1000, 1000) : random.nextGaussian() * Math.pow(10, random.nextInt(-20, 20));
                body.append(j == 0 ? "" : ",").append(row[j] == Math.rint(row[j]) && Math.abs(row[j]) < 1e6 ? Long.toString((long) row[j]) : Double.toString(row[j]));
            }
            body.append(']');
            expected.add(row);
        }
        body.append("]}");
        PredictionRequest streamed = read(body.toString());
        PredictionRequest bound = mapper.readValue(body.toString(), PredictionRequest.class);
        assertThat(streamed.instances()).isNull();
        assertThat(streamed.features()).hasSize(500);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(streamed.features().get(i)).containsExactly(expected.get(i)).containsExactly(bound.features().get(i));
        }
    }

    @Test
    void readsInstancesAndNulls() {
        PredictionRequest request = read("{\"instances\": [{\"a\": 1, \"b\": 2.5}], \"features\": null}");
        assertThat(request.features()).isNull();
        assertThat(request.instances()).containsExactly(Map.of("a", 1.0, "b", 2.5));
        assertThat(read("{\"features\": [null, [1]]}").features()).hasSize(2).first().isNull();
        assertThat(read("  ")).isNull();
    }

    @Test
    void errorsCarryTheFieldPath() {
        assertThatThrownBy(() -> read("{\"features\": [[1], [2, true]]}"))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> assertThat(path((MismatchedInputException) e)).isEqualTo("features[1][1]"));
        assertThatThrownBy(() -> read("{\"instances\": [{\"a\": [1]}]}"))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> assertThat(path((MismatchedInputException) e)).isEqualTo("instances[0].a"));
        assertThatThrownBy(() -> read("{\"feature\": [[1]]}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .satisfies(e -> assertThat(((UnrecognizedPropertyException) e).getPropertyName()).isEqualTo("feature"));
    }

    private PredictionRequest read(String body) {
        return json.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
