package io.driftwatch.audit;

import java.util.Objects;

/**
 * The first place an audit chain does not verify.
 *
 * @param kind     what is wrong
 * @param modelId  the model whose chain breaks
 * @param position where the offending record was read (its offset, as given to the verifier)
 * @param sequence the offending record's sequence number
 * @param message  a readable explanation
 */
public record ChainBreak(BreakKind kind, String modelId, long position, long sequence, String message) {

    public ChainBreak {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + " at position " + position + ": " + message;
    }
}
