package io.driftwatch.topology.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to load a specific-record class by name unless it is trusted (a guard against
 * gadget classes named in attacker-supplied schemas). Driftwatch's own generated classes in
 * {@code io.driftwatch.schemas} are trusted here by adding them to Avro's global predicate, which is
 * the API Avro offers for this; every other class keeps Avro's default treatment.
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
