package io.driftwatch.topology.labels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lists of segment attributes ({@code segments.attributes}) that the join's pending predictions were written
 * with, each under a number that a pending prediction carries instead of the list. A restart with another list
 * leaves predictions written with the old one pending for up to the label horizon; read with the list they were
 * written with, their values go to their own attributes whatever the two lists are. A hash of the list in each
 * entry would cost bytes for every pending prediction and still collide now and then: the one-byte hash before
 * this read one list's values as another's, or failed, once in 256 changes.
 *
 * <p>The lists are kept in the join's bookkeeping store, changelogged with the pending predictions of the same
 * task, under {@link #KEY_PREFIX} and the number. The current list is added the first time a prediction is
 * written with it, so while a record is processed, when the store's changelog can take it. Numbers are never
 * reused, so an entry never names another list than its own; up to 128 lists, a number takes one byte.
 */
final class SegmentAttributeLists {

    /** In the outcome-expiry store, whose own keys begin with digits: no expiry scan reaches it. */
    static final String KEY_PREFIX = "~segment-attributes/";

    private final KeyValueStore<String, byte[]> bookkeeping;
    private final List<String> current;
    private final Map<Integer, List<String>> byNumber = new HashMap<>();
    private final int currentNumber;
    private boolean recorded;

    SegmentAttributeLists(KeyValueStore<String, byte[]> bookkeeping, List<String> current) {
        this.bookkeeping = bookkeeping;
        this.current = List.copyOf(current);
        int found = -1;
        int next = 0;
        try (KeyValueIterator<String, byte[]> it = bookkeeping.prefixScan(KEY_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                int number = Integer.parseInt(entry.key.substring(KEY_PREFIX.length()));
                List<String> list = decode(entry.value);
                byNumber.put(number, list);
                next = Math.max(next, number + 1);
                if (list.equals(this.current)) {
                    found = number;
                }
            }
        }
        this.recorded = found >= 0;
        this.currentNumber = recorded ? found : next;
        byNumber.put(currentNumber, this.current);
    }

    /** The attributes the join is configured with now. */
    List<String> current() {
        return current;
    }

    /** The number of the current list, recorded in the store the first time it is asked for. */
    int currentNumber() {
        if (!recorded) {
            bookkeeping.put(KEY_PREFIX + currentNumber, encode(current));
            recorded = true;
        }
        return currentNumber;
    }

    /** The list recorded under this number, or null if there is none. */
    List<String> written(int number) {
        return byNumber.get(number);
    }

    private static byte[] encode(List<String> attributes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(attributes.size());
            for (String attribute : attributes) {
                out.writeUTF(attribute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<String> decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int n = in.readInt();
            List<String> attributes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                attributes.add(in.readUTF());
            }
            return List.copyOf(attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable segment-attribute list in the label join's bookkeeping", e);
        }
    }
}
