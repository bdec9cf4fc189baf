package io.driftwatch.schemas.registry;

/**
 * The registry answered, but with a schema this module cannot use: another schema type
 * (PROTOBUF, JSON), schema references, or text that does not parse as Avro.
 */
public class UnsupportedSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public UnsupportedSchemaException(String message, Throwable cause) {
        super(200, 0, message, cause);
    }
}
