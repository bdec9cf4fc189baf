package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The join's pending-prediction state: exact round trips of every prediction kind and event time in its
 * bucket, segment values read under their own attributes after {@code segments.attributes} changes, the older
 * forms still read, and the bytes a binary classification in the bench's shape costs in the store (goal: 64,
 * which a request id's flag must not raise for predictions that have none).
 */
class PendingPredictionCodecTest {

    private static final List<String> SEGMENTS = List.of("region", "group");
    /** The default horizon (7 days) and the bench's 10 s windows: buckets of 3.5 days. */
    private static final PendingPredictionLayout LAYOUT = PendingPredictionLayout.of(Duration.ofDays(7), Duration.ofSeconds(10));
    /** The join's bookkeeping store, which keeps the lists of segment attributes pending predictions were written with. */
    private final KeyValueStore<String, byte[]> bookkeeping = bookkeeping();
    private final PendingPredictionCodec codec = codec(SEGMENTS, LAYOUT);

    private static KeyValueStore<String, byte[]> bookkeeping() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("bookkeeping"),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** The codec the join makes when it starts with these attributes, over this test's bookkeeping store. */
    private PendingPredictionCodec codec(List<String> attributes, PendingPredictionLayout layout) {
        return new PendingPredictionCodec(new SegmentAttributeLists(bookkeeping, attributes), layout);
    }

    private static JoinInput.PredictionFacts facts(String id, String label, Double score, Map<String, Double> probabilities,
                                                   Double value, Map<String, String> segments) {
        return new JoinInput.PredictionFacts(id, "model-3", "1", 1_764_000_000_123L, label, score, probabilities, value, segments);
    }

    private JoinInput.PredictionFacts roundTrip(JoinInput.PredictionFacts p) {
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] stored = codec.encode(p, storedAt);
        assertThat(codec.eventTime(storedAt, stored)).isEqualTo(p.eventTime());
        assertThat(PendingPredictionCodec.isJoined(stored)).isFalse();
        return codec.decode(p.predictionId(), storedAt, stored);
    }

    @Test
    void everyKindOfPredictionReadsBackExactly() {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put("cat", 0.7);
        probabilities.put("dog", 0.2);
        probabilities.put("émeu", 0.1);
        List<JoinInput.PredictionFacts> all = List.of(
            facts("a", null, 0.8125, null, null, Map.of("region", "eu", "group", "b")),
            facts("b", "1", null, null, null, Map.of("group", "b")),
            facts("c", null, null, probabilities, null, Map.of()),
            facts("d", null, null, null, -3.25e7, Map.of("region", "ü-north")),
            facts("e", "1", 0.4, null, null, Map.of("region", "")));
        for (JoinInput.PredictionFacts p : all) {
            assertThat(roundTrip(p)).isEqualTo(p);
        }
    }

    @Property(tries = 300)
    void randomPredictionsReadBackExactly(@ForAll @StringLength(max = 20) String model, @ForAll @StringLength(max = 5) String label,
                                          @ForAll @DoubleRange(min = -1e9, max = 1e9) double number,
                                          @ForAll @StringLength(max = 300) String region, @ForAll boolean withLabel,
                                          @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long eventTime) {
        Map<String, String> segments = new HashMap<>();
        segments.put("region", region);
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts("id", model, label, eventTime, withLabel ? label : null,
            withLabel ? null : number, null, withLabel ? number : null, segments);
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void entriesWrittenBeforeTheCompactFormAreStillRead() {
        JoinInput.PredictionFacts p = facts("old", null, 0.3, null, null, Map.of("region", "eu"));
        assertThat(codec.decode("old", p.eventTime(), JoinInputSerde.encode(p))).isEqualTo(p);
    }

    @Test
    void entriesOfTheLayoutByEventTimeAreStillRead() {
        // The form before buckets, stored at the event time itself: 2, flags (a score), the fingerprint, model id,
        // version, the score, then each segment attribute's value (length + 1).
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.write(2);
        old.write(2);
        old.write((byte) String.join("\u0000", SEGMENTS).hashCode());
        old.write(7);
        old.writeBytes("model-3".getBytes(StandardCharsets.UTF_8));
        old.write(1);
        old.writeBytes("1".getBytes(StandardCharsets.UTF_8));
        old.writeBytes(ByteBuffer.allocate(8).putDouble(0.3).array());
        old.write(3);
        old.writeBytes("eu".getBytes(StandardCharsets.UTF_8));
        old.write(0);
        JoinInput.PredictionFacts p = facts("old", null, 0.3, null, null, Map.of("region", "eu"));
        assertThat(codec.decode("old", p.eventTime(), old.toByteArray())).isEqualTo(p);
        assertThat(codec.eventTime(p.eventTime(), old.toByteArray())).isEqualTo(p.eventTime());
        assertThat(codec.eventTime(p.eventTime(), JoinInputSerde.encode(p))).isEqualTo(p.eventTime());
    }

    @Test
    void aJoinedMarkerKeepsTheEventTimeAndTheOlderOneIsStillRead() {
        long eventTime = 1_764_000_000_123L;
        long storedAt = LAYOUT.bucketOf(eventTime);
        byte[] marker = codec.joined(eventTime, storedAt);
        assertThat(PendingPredictionCodec.isJoined(marker)).isTrue();
        assertThat(marker).hasSize(5);
        assertThat(codec.eventTime(storedAt, marker)).isEqualTo(eventTime);
        byte[] older = {0}; // the layout by event time's marker, stored at the event time
        assertThat(PendingPredictionCodec.isJoined(older)).isTrue();
        assertThat(codec.eventTime(eventTime, older)).isEqualTo(eventTime);
    }

    @Property(tries = 100)
    void bucketsLongerThan32BitsOfMillisecondsKeepTheWholeOffset(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long eventTime) {
        PendingPredictionLayout yearly = PendingPredictionLayout.of(Duration.ofDays(365), Duration.ofHours(1));
        assertThat(yearly.bucketMs()).isGreaterThan(0xFFFF_FFFFL);
        PendingPredictionCodec wide = codec(SEGMENTS, yearly);
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts("w", "m", "1", eventTime, "a", null, null, null, Map.of());
        long storedAt = yearly.bucketOf(eventTime);
        byte[] stored = wide.encode(p, storedAt);
        assertThat(wide.decode("w", storedAt, stored)).isEqualTo(p);
        assertThat(wide.eventTime(storedAt, wide.joined(eventTime, storedAt))).isEqualTo(eventTime);
        assertThat(stored.length).isEqualTo(codec.encode(p, LAYOUT.bucketOf(eventTime)).length + 4);
    }

    @Test
    void aPredictionIsNotStoredOutsideItsBucket() {
        JoinInput.PredictionFacts p = facts("o", "1", null, null, null, Map.of());
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        assertThatThrownBy(() -> codec.encode(p, storedAt + LAYOUT.bucketMs())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.encode(p, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedWithOtherSegmentAttributesEachValueIsReadUnderItsOwnAttribute() {
        JoinInput.PredictionFacts p = facts("x", null, 0.3, null, null, Map.of("region", "eu", "group", "b"));
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] stored = codec.encode(p, storedAt);
        // Restarted with the list in another order, then with one attribute dropped and another added.
        assertThat(codec(List.of("group", "region"), LAYOUT).decode("x", storedAt, stored)).isEqualTo(p);
        JoinInput.PredictionFacts read = codec(List.of("group", "tenant"), LAYOUT).decode("x", storedAt, stored);
        assertThat(read.segments()).isEqualTo(Map.of("group", "b"));
        assertThat(read.score()).isEqualTo(0.3);
    }

    @Test
    void aChangedAttributeListWithTheOldListsFingerprintStillGivesNoWrongSegments() {
        // segments.attributes changed from [region, tenant] to [region, channel, group], or to [region, tenant44]:
        // the one-byte fingerprint the entries used to carry is 54 for all three, so the entry's two values were read
        // as three (a processing failure: "Truncated pending prediction"), or the tenant's value as tenant44's.
        PendingPredictionCodec before = codec(List.of("region", "tenant"), LAYOUT);
        JoinInput.PredictionFacts p = facts("x", null, 0.3, null, null, Map.of("region", "eu", "tenant", "acme"));
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] stored = before.encode(p, storedAt);
        for (List<String> after : List.of(List.of("region", "channel", "group"), List.of("region", "tenant44"))) {
            JoinInput.PredictionFacts read = codec(after, LAYOUT).decode("x", storedAt, stored);
            assertThat(read.score()).isEqualTo(0.3);
            assertThat(read.segments()).as("read with %s", after).isEqualTo(Map.of("region", "eu"));
        }
    }

    @Property(tries = 200)
    void afterAnyChangeOfTheAttributeListEveryValueStaysWithItsAttribute(
            @ForAll @Size(max = 4) List<@StringLength(min = 1, max = 3) String> first,
            @ForAll @Size(max = 4) List<@StringLength(min = 1, max = 3) String> second) {
        List<String> written = first.stream().distinct().toList();
        List<String> reading = second.stream().distinct().toList();
        KeyValueStore<String, byte[]> store = bookkeeping();
        Map<String, String> segments = new HashMap<>();
        written.forEach(a -> segments.put(a, "v-" + a));
        JoinInput.PredictionFacts p = facts("x", "1", null, null, null, segments);
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] stored = new PendingPredictionCodec(new SegmentAttributeLists(store, written), LAYOUT).encode(p, storedAt);

        JoinInput.PredictionFacts read = new PendingPredictionCodec(new SegmentAttributeLists(store, reading), LAYOUT)
            .decode("x", storedAt, stored);
        Map<String, String> expected = new HashMap<>(segments);
        expected.keySet().retainAll(reading);
        assertThat(read.segments()).isEqualTo(expected);
        assertThat(read.label()).isEqualTo("1");
    }

    @Test
    void aListKeepsItsNumberAcrossRestartsAndANumberIsNeverGivenToAnotherList() {
        List<String> a = List.of("region");
        List<String> b = List.of("tenant");
        assertThat(new SegmentAttributeLists(bookkeeping, a).currentNumber()).isZero();
        assertThat(new SegmentAttributeLists(bookkeeping, b).currentNumber()).isEqualTo(1);
        assertThat(new SegmentAttributeLists(bookkeeping, a).currentNumber()).isZero();
        SegmentAttributeLists later = new SegmentAttributeLists(bookkeeping, List.of("region", "tenant"));
        assertThat(later.currentNumber()).isEqualTo(2);
        assertThat(later.written(0)).isEqualTo(a);
        assertThat(later.written(1)).isEqualTo(b);
        assertThat(later.written(3)).isNull();
    }

    @Test
    void anEntryWhoseListIsNotRecordedGetsNoSegments() {
        JoinInput.PredictionFacts p = facts("x", null, 0.3, null, null, Map.of("region", "eu", "group", "b"));
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] stored = codec.encode(p, storedAt);
        stored[5] = 7; // the list's number, after the form byte and the 4-byte offset
        JoinInput.PredictionFacts read = codec.decode("x", storedAt, stored);
        assertThat(read.segments()).isEmpty();
        assertThat(read.score()).isEqualTo(0.3);
    }

    /** A scored prediction in the bucketed form before the list's number: 0x20 | flags, with the list's one-byte hash. */
    private static byte[] hashedForm(JoinInput.PredictionFacts p, long storedAt, List<String> attributes) {
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.write(0x20 | 2);
        old.writeBytes(ByteBuffer.allocate(4).putInt((int) (p.eventTime() - storedAt)).array());
        old.write((byte) String.join("\u0000", attributes).hashCode());
        old.write(p.modelId().length());
        old.writeBytes(p.modelId().getBytes(StandardCharsets.UTF_8));
        old.write(p.modelVersion().length());
        old.writeBytes(p.modelVersion().getBytes(StandardCharsets.UTF_8));
        old.writeBytes(ByteBuffer.allocate(8).putDouble(p.score()).array());
        for (String attribute : attributes) {
            String v = p.segments().get(attribute);
            old.write(v == null ? 0 : v.length() + 1);
            old.writeBytes(v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8));
        }
        return old.toByteArray();
    }

    @Test
    void entriesOfTheBucketedFormBeforeTheListsNumberAreStillRead() {
        JoinInput.PredictionFacts p = facts("old", null, 0.3, null, null, Map.of("region", "eu", "group", "b"));
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] old = hashedForm(p, storedAt, SEGMENTS);
        assertThat(codec.decode("old", storedAt, old)).isEqualTo(p);
        assertThat(codec.eventTime(storedAt, old)).isEqualTo(p.eventTime());
        // Another list's hash: no segments.
        assertThat(codec(List.of("tenant"), LAYOUT).decode("old", storedAt, old).segments()).isEmpty();
    }

    @Test
    void anOlderEntryWhoseHashMatchesAListOfAnotherLengthGetsNoSegmentsAndDoesNotFail() {
        // Pending at the upgrade, written with [region, tenant]; read with [region, channel, group], whose hash is the
        // same: the values do not fit the list, so they are dropped, not read as the wrong attributes' or failed on.
        JoinInput.PredictionFacts p = facts("old", null, 0.3, null, null, Map.of("region", "eu", "tenant", "acme"));
        long storedAt = LAYOUT.bucketOf(p.eventTime());
        byte[] old = hashedForm(p, storedAt, List.of("region", "tenant"));
        JoinInput.PredictionFacts read = codec(List.of("region", "channel", "group"), LAYOUT).decode("old", storedAt, old);
        assertThat(read.segments()).isEmpty();
        assertThat(read.score()).isEqualTo(0.3);
        byte[] longer = hashedForm(p, storedAt, List.of("region", "channel", "group"));
        assertThat(codec(List.of("region", "tenant"), LAYOUT).decode("old", storedAt, longer).segments()).isEmpty();
    }

    @Test
    void aPendingClassificationTakesAtMost64BytesInTheStore() {
        // The bench's shape: UUID ids, "model-N" ids, version "1", a score, region and group segments.
        String id = UUID.randomUUID().toString();
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts(id, "model-10", "1", 1_764_000_000_123L, null, 0.734,
            null, null, Map.of("region", "eu-west", "group", "b"));
        int key = PredictionIdCodec.encode(id).length + 8 + 4; // Kafka Streams' window key: + timestamp + sequence number
        int value = codec.encode(p, LAYOUT.bucketOf(p.eventTime())).length;
        int before = id.length() + 8 + 4 + JoinInputSerde.encode(p).length;
        System.out.printf("pending classification prediction: key %d + value %d = %d bytes (before: %d)%n",
            key, value, key + value, before);
        assertThat(key).isEqualTo(29);
        assertThat(key + value).isLessThanOrEqualTo(64);
    }

    @Test
    void aPredictionWithoutRequestIdPaysNothingForTheRequestIdsFlag() {
        // The bench's shape again: 29 bytes of key and 35 of value (issue #14 watches the 64).
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts(UUID.randomUUID().toString(), "model-10", "1",
            1_764_000_000_123L, null, 0.734, null, null, Map.of("region", "eu-west", "group", "b"));
        assertThat(p.requestId()).isNull();
        byte[] stored = codec.encode(p, LAYOUT.bucketOf(p.eventTime()));
        assertThat(PredictionIdCodec.encode(p.predictionId()).length + 8 + 4 + stored.length).isEqualTo(64);
        assertThat(stored[0] & 16).as("the request id's flag").isZero();
    }

    @Test
    void aPrimaryPredictionKeepsItsRequestIdForTheCostOfTheIdAlone() {
        JoinInput.PredictionFacts without = facts("r", "1", 0.4, null, null, Map.of("region", "eu"));
        JoinInput.PredictionFacts with = new JoinInput.PredictionFacts("r", "model-3", "1", 1_764_000_000_123L, "1", 0.4,
            null, null, Map.of("region", "eu"), "req-0042");
        assertThat(roundTrip(with)).isEqualTo(with);
        assertThat(roundTrip(without).requestId()).isNull();
        long storedAt = LAYOUT.bucketOf(with.eventTime());
        assertThat(codec.encode(with, storedAt).length).isEqualTo(codec.encode(without, storedAt).length + 1 + "req-0042".length());
    }

    @Property(tries = 200)
    void theRepartitionTopicsFormCarriesTheRequestIdAndStillReadsRecordsWithoutOne(
            @ForAll @StringLength(min = 1, max = 40) String requestId, @ForAll boolean withRequest) {
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts("id-1", "m", "2", 7L, "a", null, null, null,
            Map.of("group", "b"), withRequest ? requestId : null);
        assertThat(JoinInputSerde.decode(JoinInputSerde.encode(p))).isEqualTo(p);
        JoinInput.PredictionFacts old = new JoinInput.PredictionFacts("id-1", "m", "2", 7L, "a", null, null, null,
            Map.of("group", "b"));
        // Without a request id the record ends where the form before it ended; with one, the id only follows.
        byte[] oldBytes = JoinInputSerde.encode(old);
        assertThat(JoinInputSerde.encode(p)).startsWith(oldBytes);
    }
}
