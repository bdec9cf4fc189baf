package io.driftwatch.app;

/** No broker of the bootstrap list answered: the message says where and why, e.g. {@code cannot reach Kafka at 127.0.0.1:1 (…)}. */
public final class KafkaUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String reason;

    public KafkaUnreachableException(String bootstrapServers, String reason) {
        super("cannot reach Kafka at " + bootstrapServers + " (" + reason + ")");
        this.bootstrapServers = bootstrapServers;
        this.reason = reason;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Why, e.g. {@code no broker answered within 15 s}. */
    public String reason() {
        return reason;
    }
}
