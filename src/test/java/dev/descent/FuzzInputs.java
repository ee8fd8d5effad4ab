package dev.descent;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random request parts for {@link FuzzTests}: arbitrary bytes and JSON, and near-valid CSV and JSON that a valid
 * request was mutated into. Everything is drawn from the given {@link Random}, so a seed reproduces a request.
 */
final class FuzzInputs {

    /** Bodies above this many bytes go over the upload limit FuzzTests configures. */
    static final int UPLOAD_LIMIT = 64 * 1024;

    private static final String[] COLUMN_NAMES = {
            "x1", "x2", "x3", "label", "y", "target", "", " ", "\"quoted, name\"", "\"say \"\"hi\"\"\"", "größe", "名前",
            "a\u0000b", "#comment", "x".repeat(250), "NaN", "1", "\"\"", "tab\there", "semi;colon", "\uD83D\uDE00"};
    private static final String[] CELLS = {
            "NaN", "nan", "Infinity", "-Infinity", "inf", "+Inf", "", " ", "abc", "1e999", "-1e999", "1e-400", "0x1p3",
            "+3", ".5", "5.", " 3 ", "\"4.5\"", "\"1,5\"", "1_000", "١٢٣", "\u0000", "9".repeat(400), "-0", "0.1e+2",
            "1e", "--1", "1.2.3", "\"\"", "\"unterminated", "true", "null", "4.9e-324", "1.7976931348623157e308", "1,2"};
    private static final String[] LINE_ENDS = {"\n", "\n", "\r\n", "\r\n", "\r"};
    private static final byte[][] BYTE_SNIPPETS = {
            {0}, {(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {'"'}, {','}, {'\n'}, {'\r'}, {'\\'}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    private static final String[] NUMBER_TOKENS = {
            "0", "1", "-1", "0.5", "1e-3", "1e308", "1e309", "-1e309", "-0", "1E2", "123456789012345678901234567890",
            "NaN", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1.5\"", "\"abc\"", "\"\"", "null", "true", "[]", "{}",
            "[1]", "01", ".5", "1.", "+1", "0x10", "-", "1e", "4.9e-324", "9007199254740993", "1e-400", "Infinity"};
    private static final String[] MODEL_TYPES = {
            "\"logistic-regression\"", "\"logistic-regression\"", "\"linear-regression\"", "\"linear-regression\"",
            "\"LOGISTIC_REGRESSION\"", "\"logistic\"", "\"\"", "null", "3", "\"Linear-Regression\"", "[]", "{}",
            "\"random-forest\"", "\"linear-regression \""};
    private static final String[] JSON_STRINGS = {
            "\"\"", "\" \"", "\"x\"", "\"a\\u0000b\"", "\"\\uD800\"", "\"" + "n".repeat(300) + "\"", "\"../../etc/passwd\"",
            "\"名前\"", "\"\\n\"", "\"a\\\"b\""};

    static final String[] CSV_CONTENT_TYPES = {
            "text/csv; charset=utf-8", "text/csv;charset=ISO-8859-1", "application/csv", "TEXT/CSV",
            "text/csv; header=present", "application/json", "text/plain", "application/octet-stream",
            "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "*/*",
            "text/*", "csv", "garbage/", "application/problem+json", null, "text/csv; charset=\"bogus\"",
            "text/csv; charset=utf-16", "text/csv; charset=x-no-such-charset"};
    static final String[] JSON_CONTENT_TYPES = {
            "application/json; charset=utf-8", "application/json;charset=UTF-16", "application/json; charset=bogus",
            "application/merge-patch+json", "application/vnd.api+json", "text/json", "text/plain", null,
            "application/x-ndjson", "application/cbor", "application/xml", "text/csv", "application/json; q=0.1",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"};

    private FuzzInputs() {
    }

    static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    static boolean chance(Random random, double p) {
        return random.nextDouble() < p;
    }

    static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- CSV

    /** A CSV upload body: arbitrary bytes, or a near-valid CSV (header, rows, line ends) with mutations. */
    static byte[] csv(Random random, List<String> columnsOut) {
        int mode = random.nextInt(100);
        if (mode < 10) {
            return bytes(random, 2000);
        }
        if (mode < 14) {
            return utf8(pick(random, new String[] {"", " ", "\n", "\r\n\r\n", "\uFEFF", "x1,y", "x1,y\n", ","}));
        }
        if (mode < 16) {
            return overLimit(random);
        }
        byte[] csv = nearValidCsv(random, columnsOut);
        return chance(random, 0.2) ? mutate(random, csv) : csv;
    }

    private static byte[] overLimit(Random random) {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        while (csv.length() <= UPLOAD_LIMIT + 1024) {
            csv.append(random.nextInt(100)).append(',').append(random.nextInt(100)).append(',').append(random.nextInt(2)).append('\n');
        }
        return utf8(csv.toString());
    }

    private static byte[] nearValidCsv(Random random, List<String> columnsOut) {
        int columns = chance(random, 0.03) ? 0 : 1 + random.nextInt(6);
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            String name;
            if (c > 0 && chance(random, 0.05)) {
                name = header.get(random.nextInt(c));
            } else if (chance(random, 0.15)) {
                name = pick(random, COLUMN_NAMES);
            } else {
                name = c == columns - 1 && chance(random, 0.5) ? "label" : "c" + c;
            }
            header.add(name);
        }
        columnsOut.addAll(header);
        boolean mixedEnds = chance(random, 0.1);
        String end = pick(random, LINE_ENDS);
        StringBuilder csv = new StringBuilder();
        if (chance(random, 0.2)) {
            csv.append('\uFEFF');
        }
        csv.append(String.join(",", header));
        int rows = chance(random, 0.05) ? 0 : 1 + random.nextInt(30);
        double noise = chance(random, 0.6) ? 0 : 0.02;
        double ragged = chance(random, 0.8) ? 0 : 0.05;
        for (int i = 0; i < rows; i++) {
            csv.append(mixedEnds ? pick(random, LINE_ENDS) : end);
            if (chance(random, 0.02)) {
                csv.append(mixedEnds ? pick(random, LINE_ENDS) : end);
            }
            int width = chance(random, ragged) ? Math.max(0, columns + random.nextInt(3) - 1) : columns;
            for (int c = 0; c < width; c++) {
                if (c > 0) {
                    csv.append(',');
                }
                if (chance(random, noise)) {
                    csv.append(pick(random, CELLS));
                } else if (c == columns - 1) {
                    csv.append(i % 2 == 0 && chance(random, 0.9) ? "0" : random.nextInt(2));
                } else {
                    csv.append(number(random));
                }
            }
        }
        if (chance(random, 0.7)) {
            csv.append(end);
        }
        if (chance(random, 0.05)) {
            csv.append(end).append(end);
        }
        return utf8(csv.toString());
    }

    private static String number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(200) - 100);
            case 1 -> String.format(Locale.ROOT, "%.3e", random.nextGaussian() * 1e3);
            case 2 -> "\"" + String.format(Locale.ROOT, "%.2f", random.nextGaussian()) + "\"";
            default -> String.format(Locale.ROOT, "%.5f", random.nextGaussian());
        };
    }

    /** Byte-level damage: overwrite, insert invalid UTF-8 or NUL, delete, duplicate or truncate. */
    static byte[] mutate(Random random, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = input;
        int operations = 1 + random.nextInt(4);
        for (int o = 0; o < operations && bytes.length > 0; o++) {
            int at = random.nextInt(bytes.length);
            out.reset();
            switch (random.nextInt(5)) {
                case 0 -> {
                    bytes = bytes.clone();
                    bytes[at] = (byte) random.nextInt(256);
                    continue;
                }
                case 1 -> {
                    out.write(bytes, 0, at);
                    out.writeBytes(pick(random, BYTE_SNIPPETS));
                    out.write(bytes, at, bytes.length - at);
                }
                case 2 -> {
                    int to = Math.min(bytes.length, at + 1 + random.nextInt(20));
                    out.write(bytes, 0, at);
                    out.write(bytes, to, bytes.length - to);
                }
                case 3 -> {
                    int to = Math.min(bytes.length, at + 1 + random.nextInt(40));
                    out.write(bytes, 0, to);
                    out.write(bytes, at, bytes.length - at);
                }
                default -> out.write(bytes, 0, at);
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }

    /** A {@code target} query value: absent, a header name, or something else. */
    static String target(Random random, List<String> columns) {
        int mode = random.nextInt(10);
        if (mode < 4) {
            return null;
        }
        if (mode < 8 && !columns.isEmpty()) {
            return columns.get(random.nextInt(columns.size()));
        }
        return pick(random, new String[] {"", " ", "nope", "LABEL", "label ", "名前", "\u0000", "x".repeat(300), "%", "a,b"});
    }

    static String name(Random random) {
        int mode = random.nextInt(10);
        if (mode < 5) {
            return null;
        }
        if (mode < 8) {
            return "fuzz-" + random.nextInt(1000);
        }
        return pick(random, new String[] {"", " ", "n".repeat(300), "a\u0000b", "../../etc/passwd", "名前", "\t\n", "%00"});
    }

    /** A query string parameter, percent-encoded as a form would send it. */
    static String query(String key, String value) {
        return value == null ? "" : "&" + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A multipart/form-data body with the CSV in part 'file' (sometimes in a wrongly named part). */
    static byte[] multipart(Random random, String boundary, byte[] csv, String name, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String part = chance(random, 0.85) ? "file" : pick(random, new String[] {"data", "FILE", ""});
        String fileName = pick(random, new String[] {"train.csv", "", "../../x.csv", "名前.csv", "a\"b.csv", "noext"});
        out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n"));
        out.writeBytes(csv);
        out.writeBytes(utf8("\r\n"));
        if (name != null) {
            out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"));
        }
        if (target != null) {
            out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"target\"\r\n\r\n" + target + "\r\n"));
        }
        if (chance(random, 0.9)) {
            out.writeBytes(utf8("--" + boundary + "--\r\n"));
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- JSON

    /** Any JSON value, nested at most {@code depth} deep. */
    static String anyJson(Random random, int depth) {
        int kind = depth <= 0 ? random.nextInt(3) : random.nextInt(5);
        return switch (kind) {
            case 0 -> pick(random, NUMBER_TOKENS);
            case 1 -> pick(random, JSON_STRINGS);
            case 2 -> pick(random, new String[] {"true", "false", "null"});
            case 3 -> {
                StringBuilder array = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : ",").append(anyJson(random, depth - 1));
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    object.append(i == 0 ? "" : ",")
                            .append(pick(random, new String[] {"\"features\"", "\"targets\"", "\"name\"", "\"x\"", "\"\""}))
                            .append(':').append(anyJson(random, depth - 1));
                }
                yield object.append('}').toString();
            }
        };
    }

    /** A JSON body that is not what any endpoint expects: bytes, any value, deep nesting, truncation. */
    static String junkJson(Random random, String nearValid) {
        return switch (random.nextInt(6)) {
            case 0 -> new String(bytes(random, 300), StandardCharsets.ISO_8859_1);
            case 1 -> anyJson(random, 4);
            case 2 -> "[".repeat(600 + random.nextInt(2000)) + "]".repeat(random.nextInt(2) * 600);
            case 3 -> "{\"features\": " + "[".repeat(1000) + "1" + "]".repeat(1000) + "}";
            case 4 -> nearValid.substring(0, random.nextInt(nearValid.length() + 1));
            default -> pick(random, new String[] {"", " ", "null", "{", "}", "{}", "[]", "\"x\"", "{\"a\":1}{\"b\":2}",
                    "{\"features\": [[1,2]], \"features\": [[3]]}", "\uFEFF{}", "{'a': 1}", "{\"a\": 1,}"});
        };
    }

    /** A number or something in its place. */
    static String cell(Random random, double junk) {
        if (chance(random, junk)) {
            return chance(random, 0.7) ? pick(random, NUMBER_TOKENS) : anyJson(random, 2);
        }
        return String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 3);
    }

    /** Rows of features, mostly of one width, sometimes ragged or with junk cells. */
    static String matrix(Random random, int rows, int width, double junk) {
        StringBuilder matrix = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            matrix.append(i == 0 ? "" : ",");
            if (chance(random, junk / 4)) {
                matrix.append(pick(random, new String[] {"null", "1", "\"1,2\"", "{}", "[[1]]"}));
                continue;
            }
            int w = chance(random, junk / 2) ? Math.max(0, width + random.nextInt(3) - 1) : width;
            matrix.append('[');
            for (int j = 0; j < w; j++) {
                matrix.append(j == 0 ? "" : ",").append(cell(random, junk / 3));
            }
            matrix.append(']');
        }
        return matrix.append(']').toString();
    }

    static String targets(Random random, int rows, double junk, boolean binary) {
        int n = chance(random, junk / 2) ? Math.max(0, rows + random.nextInt(3) - 1) : rows;
        StringBuilder targets = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            targets.append(i == 0 ? "" : ",");
            if (chance(random, junk / 3)) {
                targets.append(pick(random, NUMBER_TOKENS));
            } else if (binary) {
                targets.append(i < 2 ? i : random.nextInt(2));
            } else {
                targets.append(String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 10));
            }
        }
        return targets.append(']').toString();
    }

    static String featureNames(Random random, int width, double junk) {
        if (chance(random, junk)) {
            return pick(random, new String[] {"null", "[]", "\"x1\"", "[1, 2]", "[null]", "[\"a\", \"a\"]", "[\"\", \" \"]",
                    "[\"" + "n".repeat(300) + "\"]", "{}", "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]"});
        }
        StringBuilder names = new StringBuilder("[");
        for (int j = 0; j < width; j++) {
            names.append(j == 0 ? "" : ",").append("\"f").append(j).append('"');
        }
        return names.append(']').toString();
    }

    /** The body of POST /datasets or an inline {@code dataset}: fields present, absent, wrong or unknown. */
    static String dataset(Random random, double junk, boolean binary) {
        int rows = chance(random, 0.05) ? 0 : 1 + random.nextInt(20);
        int width = chance(random, 0.03) ? 0 : 1 + random.nextInt(4);
        List<String> fields = new ArrayList<>();
        if (chance(random, 0.5)) {
            fields.add("\"name\": " + (chance(random, junk) ? anyJson(random, 1) : "\"fuzz-" + random.nextInt(1000) + "\""));
        }
        if (chance(random, 0.5)) {
            fields.add("\"featureNames\": " + featureNames(random, width, junk));
        }
        if (!chance(random, junk / 3)) {
            fields.add("\"features\": " + (chance(random, junk / 4) ? anyJson(random, 2) : matrix(random, rows, width, junk)));
        }
        if (!chance(random, junk / 3)) {
            fields.add("\"targets\": " + (chance(random, junk / 4) ? anyJson(random, 1) : targets(random, rows, junk, binary)));
        }
        if (chance(random, junk / 3)) {
            fields.add(pick(random, new String[] {"\"target\": \"y\"", "\"Features\": []", "\"rows\": 3", "\"\": 1", "\"name\": \"dup\""}));
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(", ", fields) + "}";
    }

    static String hyperparameters(Random random, double junk, int maxEpochs) {
        List<String> fields = new ArrayList<>();
        String[][] options = {
                {"learningRate", "0.1", "0.05", "0.5", "0", "-1", "\"NaN\"", "\"Infinity\"", "1e309", "1e-320", "1e300", "\"fast\"", "true", "null", "[0.1]"},
                {"epochs", "5", "20", "60", "0", "-3", Integer.toString(maxEpochs + 1), "2147483648", "1.5", "\"10\"", "null", "1e3"},
                {"batchSize", "1", "4", "32", "0", "-1", "10000000000", "2.5", "\"all\"", "null"},
                {"tolerance", "0", "1e-4", "0.5", "-0.1", "\"NaN\"", "1e309", "null", "\"none\""},
                {"seed", "42", "-1", "0", "18446744073709551616", "1.5", "\"seed\"", "null", "9223372036854775807"},
                {"shuffle", "true", "false", "\"yes\"", "1", "null"},
                {"initialization", "\"zeros\"", "\"random\"", "\"ones\"", "\"ZEROS\"", "5", "null", "\"\""},
                {"standardize", "true", "false", "\"no\"", "0", "null"}};
        for (String[] option : options) {
            if (chance(random, 0.4)) {
                boolean bad = chance(random, junk);
                int good = option[0].equals("epochs") || option[0].equals("batchSize") || option[0].equals("learningRate") ? 3
                        : option[0].equals("tolerance") ? 3 : 2;
                String value = bad ? option[1 + random.nextInt(option.length - 1)] : option[1 + random.nextInt(good)];
                fields.add("\"" + option[0] + "\": " + value);
            }
        }
        if (chance(random, junk / 3)) {
            fields.add(pick(random, new String[] {"\"momentum\": 0.9", "\"learningrate\": 0.1", "\"EPOCHS\": 3", "\"\": null"}));
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(", ", fields) + "}";
    }

    /** The body of POST /training-jobs; {@code datasetIds} offers stored, deleted and invented ids. */
    static String trainingJob(Random random, double junk, String[] datasetIds, int maxEpochs) {
        List<String> fields = new ArrayList<>();
        String modelType = chance(random, junk) ? pick(random, MODEL_TYPES) : MODEL_TYPES[random.nextInt(4)];
        if (!chance(random, junk / 4)) {
            fields.add("\"modelType\": " + modelType);
        }
        boolean binary = !modelType.contains("linear") || chance(random, 0.5);
        int source = random.nextInt(10);
        if (source < 4 || (source < 5 && chance(random, junk))) {
            String id = chance(random, junk) ? pick(random, new String[] {"5", "null", "\"\"", "\"" + "a".repeat(5000) + "\"",
                    "\"../datasets/x\"", "\"00000000-0000-0000-0000-000000000000\"", "[]"}) : "\"" + pick(random, datasetIds) + "\"";
            fields.add("\"datasetId\": " + id);
        }
        if (source >= 3) {
            fields.add("\"dataset\": " + (chance(random, junk / 4) ? anyJson(random, 2) : dataset(random, junk, binary)));
        }
        if (chance(random, 0.6)) {
            fields.add("\"hyperparameters\": " + (chance(random, junk / 5) ? anyJson(random, 1) : hyperparameters(random, junk, maxEpochs)));
        } else if (chance(random, 0.8)) {
            // without hyperparameters the default 1000 epochs apply; keep accepted jobs short
            fields.add("\"hyperparameters\": {\"epochs\": " + (1 + random.nextInt(30)) + "}");
        }
        if (chance(random, junk / 4)) {
            fields.add(pick(random, new String[] {"\"priority\": 1", "\"modeltype\": \"linear-regression\"", "\"id\": \"x\"", "\"status\": \"succeeded\""}));
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(", ", fields) + "}";
    }

    /** The body of POST /models/{id}/predictions for a model with the given feature names. */
    static String prediction(Random random, double junk, List<String> featureNames, int maxRows) {
        int width = featureNames.size();
        int rows = chance(random, 0.05) ? maxRows + 1 + random.nextInt(5) : chance(random, junk / 4) ? 0 : 1 + random.nextInt(5);
        List<String> fields = new ArrayList<>();
        int mode = random.nextInt(10);
        if (mode < 5 || (mode == 9 && chance(random, 0.5))) {
            fields.add("\"features\": " + (chance(random, junk / 5) ? anyJson(random, 3) : matrix(random, rows, width, junk)));
        }
        if ((mode >= 5 && mode < 9) || mode == 9) {
            StringBuilder instances = new StringBuilder("[");
            for (int i = 0; i < rows; i++) {
                instances.append(i == 0 ? "{" : ",{");
                List<String> names = new ArrayList<>(featureNames);
                if (chance(random, junk / 2)) {
                    names.remove(random.nextInt(names.size()));
                }
                if (chance(random, junk / 2)) {
                    names.add(pick(random, new String[] {"d", "A", "a ", "", "名前", featureNames.get(0)}));
                }
                for (int j = 0; j < names.size(); j++) {
                    instances.append(j == 0 ? "" : ",").append('"').append(names.get(j)).append("\": ").append(cell(random, junk / 3));
                }
                instances.append('}');
            }
            fields.add("\"instances\": " + (chance(random, junk / 5) ? anyJson(random, 3) : instances.append(']')));
        }
        if (chance(random, junk / 4)) {
            fields.add(pick(random, new String[] {"\"threshold\": 0.5", "\"modelId\": \"x\"", "\"rows\": []"}));
        }
        return "{" + String.join(", ", fields) + "}";
    }

    /** A query {@code threshold}: absent, valid, or not. */
    static String threshold(Random random) {
        return chance(random, 0.6) ? null
                : pick(random, new String[] {"0.5", "0", "1", "0.8", "-0.1", "1.5", "NaN", "abc", "", "1e999", "Infinity", "0x1p-1", " 0.3"});
    }

    /** A path segment where an id belongs, already percent-encoded for a URI. */
    static String id(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> pick(random, new String[] {"nope", "a".repeat(5000), "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..", ".",
                    "%00", "%C0%AF", "%FF", "%25", "x;jsessionid=1", "%20", "00000000-0000-0000-0000-000000000000",
                    "ABC", "-", "a%2Fb", "%5C..%5C", "~", "%E2%80%AE", "%F0%9F%98%80"});
            case 1 -> URLEncoder.encode(pick(random, new String[] {"模型", "ü", "\uD83D\uDE00", "a b", "a/b", "a\\b", "{id}", "?", "#"}),
                    StandardCharsets.UTF_8).replace("+", "%20");
            case 2 -> {
                StringBuilder id = new StringBuilder();
                int n = 1 + random.nextInt(80);
                for (int i = 0; i < n; i++) {
                    id.append("abcdef0123456789-".charAt(random.nextInt(17)));
                }
                yield id.toString();
            }
            default -> {
                byte[] raw = bytes(random, 40);
                StringBuilder id = new StringBuilder();
                for (byte b : raw) {
                    id.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
                }
                yield id.length() == 0 ? "x" : id.toString();
            }
        };
    }
}
