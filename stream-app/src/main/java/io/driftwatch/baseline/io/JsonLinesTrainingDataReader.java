package io.driftwatch.baseline.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.Prediction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSON lines training data: one JSON object per line, blank lines skipped. Top-level
 * numbers, strings, booleans and nulls are columns (numbers as {@link Double}). An object under
 * {@code features} makes the row event-shaped, like a {@code PredictionEvent}: its scalars are the
 * features, an object under {@code prediction} is the prediction ({@code label}, {@code score},
 * {@code probabilities}, {@code value}), and a boolean {@code error} the error flag. Other objects
 * and arrays are ignored (logged once per field).
 */
public final class JsonLinesTrainingDataReader implements TrainingDataReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesTrainingDataReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String fileName;
    private final BufferedReader reader;
    private final Set<String> ignoredLogged = new HashSet<>();
    private long line;

    private JsonLinesTrainingDataReader(Path file, BufferedReader reader) {
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.reader = reader;
    }

    /** @throws TrainingDataException when the file cannot be opened */
    public static JsonLinesTrainingDataReader open(Path file) {
        return new JsonLinesTrainingDataReader(file, new BufferedReader(TrainingFiles.reader(file), 64 * 1024));
    }

    @Override
    public TrainingRow next() throws BadRowException {
        String text;
        try {
            do {
                text = reader.readLine();
                line++;
            } while (text != null && text.isBlank());
        } catch (IOException e) {
            throw TrainingFiles.unreadable(file, e);
        }
        if (text == null) {
            return null;
        }
        String position = "line " + line;
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRowException(fileName, position, null, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            throw new BadRowException(fileName, position, null, "expected one JSON object per line, found "
                + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<String, Object> features = null;
        Prediction prediction = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && name.equals("features")) {
                features = scalars(value, "features.");
            } else if (value.isObject() && name.equals("prediction")) {
                prediction = prediction(value, position);
            } else if (value.isContainerNode()) {
                ignore(name);
            } else {
                columns.put(name, scalar(value));
            }
        }
        boolean error = features != null && Boolean.TRUE.equals(columns.get("error"));
        return new TrainingRow(position, columns, features, prediction, error);
    }

    private Map<String, Object> scalars(JsonNode object, String prefix) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getValue().isContainerNode()) {
                ignore(prefix + field.getKey());
            } else {
                values.put(field.getKey(), scalar(field.getValue()));
            }
        }
        return values;
    }

    private static Object scalar(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return null;
    }

    private Prediction prediction(JsonNode object, String position) throws BadRowException {
        Prediction p = new Prediction(null, null, null, null);
        JsonNode label = object.get("label");
        if (label != null && !label.isNull()) {
            if (label.isContainerNode()) {
                throw new BadRowException(fileName, position, "prediction.label", "expected a string, found "
                    + label.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            p.setLabel(label.isNumber() ? Labels.format(label.doubleValue()) : label.asText());
        }
        p.setScore(number(object.get("score"), "prediction.score", position));
        p.setValue(number(object.get("value"), "prediction.value", position));
        JsonNode probabilities = object.get("probabilities");
        if (probabilities != null && probabilities.isObject()) {
            Map<String, Double> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : probabilities.properties()) {
                map.put(e.getKey(), number(e.getValue(), "prediction.probabilities." + e.getKey(), position));
            }
            p.setProbabilities(map);
        }
        return p;
    }

    private Double number(JsonNode value, String column, String position) throws BadRowException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new BadRowException(fileName, position, column, "expected a number, found " + value);
        }
        return value.doubleValue();
    }

    private void ignore(String field) {
        if (ignoredLogged.add(field)) {
            LOG.info("{}: field '{}' holds an object or array; only 'features' and 'prediction' may be nested, it is ignored",
                fileName, field);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
