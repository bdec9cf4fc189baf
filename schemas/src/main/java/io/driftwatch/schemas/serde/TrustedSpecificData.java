package io.driftwatch.schemas.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A {@link SpecificData} that knows the generated classes of one record class and of every named
 * type inside it, so Avro can instantiate them without loading classes by name.
 *
 * <p>Why: since Avro 1.12.2 ({@code ClassSecurityValidator}, CVE-2024-47561), every class Avro
 * loads by name must be trusted through the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system
 * property or a JVM-wide predicate, or reading a generated class fails with "Forbidden
 * io.driftwatch.schemas.PredictionEvent! This class is not trusted". The check guards against
 * names taken from a writer's schema; the names here come from the reader class the application
 * itself chose and compiled, so they need no such check, and no JVM-wide setting is touched.
 * Any other name still goes through Avro's check.
 */
public final class TrustedSpecificData extends SpecificData {

    private final Map<String, Class<?>> classes = new HashMap<>();

    private TrustedSpecificData(Class<? extends SpecificRecord> root) {
        super(root.getClassLoader());
        collect(SpecificData.getForClass(root).getSchema(root), root.getClassLoader());
    }

    /** A model that reads and writes {@code type} and the generated classes nested in it. */
    public static TrustedSpecificData forClass(Class<? extends SpecificRecord> type) {
        return new TrustedSpecificData(Objects.requireNonNull(type, "type"));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        Schema.Type type = schema.getType();
        if (type == Schema.Type.RECORD || type == Schema.Type.ENUM || type == Schema.Type.FIXED) {
            Class<?> known = classes.get(schema.getFullName());
            if (known != null) {
                return known;
            }
        }
        return super.getClass(schema);
    }

    private void collect(Schema schema, ClassLoader loader) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (classes.containsKey(schema.getFullName())) {
                    return;
                }
                Class<?> generated = load(SpecificData.getClassName(schema), loader);
                classes.put(schema.getFullName(), generated);
                if (SpecificRecord.class.isAssignableFrom(generated)) {
                    // Each generated class's own model carries its logical-type conversions (e.g. Instant).
                    for (Conversion<?> conversion : SpecificData.getForClass(generated).getConversions()) {
                        addLogicalTypeConversion(conversion);
                    }
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(field -> collect(field.schema(), loader));
                }
            }
            case ARRAY -> collect(schema.getElementType(), loader);
            case MAP -> collect(schema.getValueType(), loader);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, loader));
            default -> {
                // Primitive types have no class of their own.
            }
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the generated class " + name + " is missing from the class path", e);
        }
    }
}
