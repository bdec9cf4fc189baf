package io.driftwatch.audit;

import io.driftwatch.schemas.AuditType;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside a trusted list when decoding (and when
 * resolving record defaults); the application must trust io.driftwatch.schemas (see the report
 * to the lead). Tests that decode do the same here.
 */
final class AvroTrust {

    private AvroTrust() {
    }

    static void trustDriftwatchSchemas() {
        if (!ClassSecurityValidator.getGlobal().isTrusted(AuditType.class)) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                    type -> type.getName().startsWith("io.driftwatch.schemas.")));
        }
    }
}
