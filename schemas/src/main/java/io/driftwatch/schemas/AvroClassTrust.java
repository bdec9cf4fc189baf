package io.driftwatch.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to load a specific-record class by name unless it is trusted (a guard against
 * gadget classes named in attacker-supplied schemas, CVE-2024-47561). The serdes in this module avoid
 * loading by name ({@link io.driftwatch.schemas.serde.TrustedSpecificData}), but Avro's generated
 * code still does it when a builder copies a record ({@code newBuilder(other)}) or fills a nested
 * record field from its default. An application that uses those builders calls
 * {@link #trustSchemaClasses()} once at start-up: it adds exactly the generated classes of
 * {@code io.driftwatch.schemas} (not its sub-packages) to Avro's global predicate, the API Avro offers
 * for this, and leaves every other class to Avro's default check. The alternative is the system
 * property {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch.schemas}.
 */
public final class AvroClassTrust {

    private static final String PACKAGE = "io.driftwatch.schemas.";

    private AvroClassTrust() {
    }

    /** Idempotent and thread-safe: trusts the schema classes once per JVM. */
    public static synchronized void trustSchemaClasses() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof SchemaClasses) {
            return;
        }
        ClassSecurityValidator.setGlobal(new SchemaClasses(current));
    }

    private record SchemaClasses(ClassSecurityValidator.ClassSecurityPredicate delegate)
        implements ClassSecurityValidator.ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> clazz) {
            return clazz.getName().startsWith(PACKAGE) && !clazz.getName().substring(PACKAGE.length()).contains(".")
                || delegate.isTrusted(clazz);
        }
    }
}
