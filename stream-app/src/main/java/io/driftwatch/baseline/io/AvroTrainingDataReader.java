package io.driftwatch.baseline.io;

import io.driftwatch.schemas.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads training data from an Avro object container file with a {@link GenericDatumReader} (any
 * record schema; the writer's schema is in the file). Fields of primitive type are columns: int,
 * long, float and double as {@link Double}; string and enum as {@link String}; boolean as
 * {@link Boolean}; null as missing. Fields with a date or time logical type are left out (they are
 * not features). A {@code features} map makes the record event-shaped, as a
 * {@code PredictionEvent} is: the map holds the features, a {@code prediction} record the
 * prediction, a boolean {@code error} the error flag. Other fields (bytes, arrays, maps, records)
 * are ignored, logged once each.
 */
public final class AvroTrainingDataReader implements TrainingDataReader {

    private static final Logger LOG = LoggerFactory.getLogger(AvroTrainingDataReader.class);

    private final String fileName;
    private final DataFileReader<GenericRecord> reader;
    private final Set<String> ignoredLogged = new HashSet<>();
    private long index;

    private AvroTrainingDataReader(Path file, DataFileReader<GenericRecord> reader) {
        this.fileName = file.getFileName().toString();
        this.reader = reader;
    }

    /** @throws TrainingDataException when the file cannot be opened or is not an Avro container file */
    public static AvroTrainingDataReader open(Path file) {
        if (!Files.exists(file)) {
            throw new TrainingDataException("Training data file " + file + " does not exist");
        }
        try {
            return new AvroTrainingDataReader(file, new DataFileReader<>(file.toFile(), new GenericDatumReader<>()));
        } catch (IOException | AvroRuntimeException e) {
            throw new TrainingDataException(file + " is not a readable Avro container file (" + e.getMessage()
                + "); write it with Avro's DataFileWriter, or read it as another format", e);
        }
    }

    @Override
    public TrainingRow next() throws BadRowException {
        if (!reader.hasNext()) {
            return null;
        }
        index++;
        String position = "record " + index;
        GenericRecord record;
        try {
            record = reader.next();
        } catch (AvroRuntimeException e) {
            // A corrupt block cannot be skipped reliably: what follows may be misread.
            throw new TrainingDataException(fileName + ", " + position + ": cannot decode (" + e.getMessage() + ")", e);
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<String, Object> features = null;
        Prediction prediction = null;
        for (Schema.Field field : record.getSchema().getFields()) {
            String name = field.name();
            Object value = record.get(field.pos());
            if (name.equals("features") && value instanceof Map<?, ?> map) {
                features = featureMap(map);
            } else if (name.equals("prediction") && value instanceof GenericRecord p) {
                prediction = prediction(p, position);
            } else if (isTemporal(field.schema())) {
                continue;
            } else if (value == null || value instanceof Number || value instanceof CharSequence
                || value instanceof Boolean || value instanceof GenericEnumSymbol<?>) {
                columns.put(name, scalar(value));
            } else {
                ignore(name);
            }
        }
        boolean error = features != null && Boolean.TRUE.equals(columns.get("error"));
        return new TrainingRow(position, columns, features, prediction, error);
    }

    private Map<String, Object> featureMap(Map<?, ?> map) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof Number || v instanceof CharSequence || v instanceof Boolean) {
                features.put(e.getKey().toString(), scalar(v));
            } else {
                ignore("features." + e.getKey());
            }
        }
        return features;
    }

    private static Object scalar(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        return value;
    }

    private Prediction prediction(GenericRecord p, String position) throws BadRowException {
        Prediction out = new Prediction(null, null, null, null);
        Object label = field(p, "label");
        if (label != null) {
            out.setLabel(label instanceof Number n ? Labels.format(n.doubleValue()) : label.toString());
        }
        out.setScore(number(field(p, "score"), "prediction.score", position));
        out.setValue(number(field(p, "value"), "prediction.value", position));
        if (field(p, "probabilities") instanceof Map<?, ?> probabilities) {
            Map<String, Double> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : probabilities.entrySet()) {
                map.put(e.getKey().toString(), number(e.getValue(), "prediction.probabilities." + e.getKey(), position));
            }
            out.setProbabilities(map);
        }
        return out;
    }

    private static Object field(GenericRecord record, String name) {
        return record.getSchema().getField(name) == null ? null : record.get(name);
    }

    private Double number(Object value, String column, String position) throws BadRowException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw new BadRowException(fileName, position, column, "expected a number, found '" + value + "'");
        }
        return n.doubleValue();
    }

    /** True for date, time and timestamp logical types, directly or as a branch of a union. */
    private static boolean isTemporal(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().anyMatch(AvroTrainingDataReader::isTemporal);
        }
        LogicalType type = schema.getLogicalType();
        if (type == null) {
            return false;
        }
        String name = type.getName();
        return name.equals("date") || name.startsWith("time-") || name.startsWith("timestamp-") || name.startsWith("local-timestamp-");
    }

    private void ignore(String field) {
        if (ignoredLogged.add(field)) {
            LOG.info("{}: field '{}' is not a number, string, enum or boolean; it is ignored", fileName, field);
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
