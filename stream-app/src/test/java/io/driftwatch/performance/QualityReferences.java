package io.driftwatch.performance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the reference vectors written by {@code src/test/python/make_quality_references.py}
 * (scikit-learn 1.2 and explicit numpy formulas) from {@code src/test/resources/performance/}.
 */
final class QualityReferences {

  private static final ObjectMapper JSON = new ObjectMapper();

  private QualityReferences() {
  }

  static JsonNode load(String name) {
    try (InputStream in = QualityReferences.class.getResourceAsStream("/performance/" + name)) {
      if (in == null) {
        throw new IllegalStateException("reference " + name + " missing; run make_quality_references.py");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Double doubleOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asDouble();
  }

  static Boolean booleanOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asBoolean();
  }

  static Map<String, Double> doubleMap(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Map<String, Double> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asDouble()));
    return map;
  }
}
