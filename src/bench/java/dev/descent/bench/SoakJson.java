package dev.descent.bench;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the soak: parsing answers, writing requests, and naming where two answers differ. */
final class SoakJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private SoakJson() {
    }

    static JsonNode parse(String text) {
        return JSON.readTree(text);
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    /**
     * Null when the two are the same JSON (numbers compared as the doubles they parse to, exactly); otherwise the
     * first place where they differ, as {@code path: expected … got …}.
     */
    static String firstDifference(JsonNode expected, JsonNode actual) {
        return difference("$", expected, actual);
    }

    private static String difference(String path, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null || expected.isMissingNode() || actual.isMissingNode()) {
            return expected == actual ? null : path + ": expected " + show(expected) + ", got " + show(actual);
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.properties().forEach(e -> names.add(e.getKey()));
            actual.properties().forEach(e -> names.add(e.getKey()));
            for (String name : names) {
                String found = difference(path + "." + name, expected.get(name), actual.get(name));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": expected " + expected.size() + " elements, got " + actual.size();
            }
            Iterator<JsonNode> e = expected.iterator();
            Iterator<JsonNode> a = actual.iterator();
            for (int i = 0; e.hasNext(); i++) {
                String found = difference(path + "[" + i + "]", e.next(), a.next());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            // bit for bit: Double.compare tells 0.0 from -0.0 and is exact
            return Double.compare(expected.doubleValue(), actual.doubleValue()) == 0 ? null
                    : path + ": expected " + expected + ", got " + actual;
        }
        return expected.equals(actual) ? null : path + ": expected " + show(expected) + ", got " + show(actual);
    }

    private static String show(JsonNode node) {
        return node == null ? "nothing" : SoakHttp.abbreviate(node.toString(), 120);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
