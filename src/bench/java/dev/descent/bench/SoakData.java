package dev.descent.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The CSV bodies the clients upload, with what the service must make of them: rows, size on disk and the SHA-256 of
 * the stored float32 values. Every value is k/64 for a small integer k, exact in float32 and in decimal, so the
 * expected hash does not depend on how the service rounds a decimal to a float.
 */
final class SoakData {

    /** The 32-byte header of a data file, then rows × (features + 1) floats (DataFile). */
    static final int HEADER_BYTES = 32;
    private static final int K = 320;
    private static final String[] VALUES = new String[2 * K + 1];

    static {
        for (int k = -K; k <= K; k++) {
            VALUES[k + K] = Double.toString(k / 64.0);
        }
    }

    /** One upload: its name (unique in a run), body and expected dataset. */
    record Csv(String name, byte[] body, int rows, int features, String sha256, long sizeBytes, boolean big) {
    }

    private SoakData() {
    }

    static Csv small(String name, Random random) {
        return generate(name, 40 + random.nextInt(1500), 2 + random.nextInt(7), random, false);
    }

    /** Some MB of CSV: a dataset long jobs train on for seconds. */
    static Csv big(String name, int rows, Random random) {
        return generate(name, rows, 10, random, true);
    }

    /**
     * Columns f1..fd and label; label is 0 or 1, from a random linear rule with noise, the first two rows one of
     * each so that logistic regression can always train.
     */
    private static Csv generate(String name, int rows, int features, Random random, boolean big) {
        double[] w = new double[features];
        for (int j = 0; j < features; j++) {
            w[j] = random.nextGaussian();
        }
        StringBuilder csv = new StringBuilder(rows * (features + 1) * 9 + 64);
        for (int j = 1; j <= features; j++) {
            csv.append('f').append(j).append(',');
        }
        csv.append("label\n");
        MessageDigest sha256 = sha256();
        ByteBuffer row = ByteBuffer.allocate((features + 1) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            row.clear();
            double z = random.nextGaussian() * 0.5;
            for (int j = 0; j < features; j++) {
                int k = random.nextInt(2 * K + 1) - K;
                csv.append(VALUES[k + K]).append(',');
                row.putFloat((float) (k / 64.0));
                z += w[j] * k / 64.0;
            }
            int label = r == 0 ? 0 : r == 1 ? 1 : z > 0 ? 1 : 0;
            csv.append(label).append('\n');
            row.putFloat(label);
            sha256.update(row.array());
        }
        long sizeBytes = HEADER_BYTES + (long) rows * (features + 1) * Float.BYTES;
        return new Csv(name, csv.toString().getBytes(StandardCharsets.US_ASCII), rows, features,
                HexFormat.of().formatHex(sha256.digest()), sizeBytes, big);
    }

    /** The fixed rows every model of d features is asked to predict, the same at every check. */
    static String predictionRequest(int features) {
        StringBuilder json = new StringBuilder("{\"features\": [");
        for (int r = 0; r < 3; r++) {
            json.append(r == 0 ? "[" : ", [");
            for (int j = 0; j < features; j++) {
                json.append(j == 0 ? "" : ", ").append(((r * 5 + j * 3) % 13 - 6) / 4.0);
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
