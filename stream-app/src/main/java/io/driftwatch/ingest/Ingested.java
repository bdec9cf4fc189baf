package io.driftwatch.ingest;

/** A decoded input event, or a dead letter carrying the original bytes (its reason is in the headers). */
public sealed interface Ingested<T> {

    record Accepted<T>(T event) implements Ingested<T> {}

    record DeadLetter<T>(byte[] originalValue, Rejection rejection) implements Ingested<T> {}
}
