package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The join's pending-prediction state: exact round trips of every prediction kind, the older form still
 * read, and the bytes a binary classification in the bench's shape costs in the store (goal: 64; 61 without
 * a request id, whose flag must not cost predictions that have none anything).
 */
class PendingPredictionCodecTest {

    private static final List<String> SEGMENTS = List.of("region", "group");
    private final PendingPredictionCodec codec = new PendingPredictionCodec(SEGMENTS);

    private static JoinInput.PredictionFacts facts(String id, String label, Double score, Map<String, Double> probabilities,
                                                   Double value, Map<String, String> segments) {
        return new JoinInput.PredictionFacts(id, "model-3", "1", 1_764_000_000_123L, label, score, probabilities, value, segments);
    }

    private JoinInput.PredictionFacts roundTrip(JoinInput.PredictionFacts p) {
        return codec.decode(p.predictionId(), p.eventTime(), codec.encode(p));
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
                                          @ForAll @StringLength(max = 300) String region, @ForAll boolean withLabel) {
        Map<String, String> segments = new HashMap<>();
        segments.put("region", region);
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts("id", model, label, 42L, withLabel ? label : null,
            withLabel ? null : number, null, withLabel ? number : null, segments);
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void entriesWrittenBeforeTheCompactFormAreStillRead() {
        JoinInput.PredictionFacts p = facts("old", null, 0.3, null, null, Map.of("region", "eu"));
        assertThat(codec.decode("old", p.eventTime(), JoinInputSerde.encode(p))).isEqualTo(p);
    }

    @Test
    void storedWithOtherSegmentAttributesThePredictionGetsNoSegmentsRatherThanWrongOnes() {
        JoinInput.PredictionFacts p = facts("x", null, 0.3, null, null, Map.of("region", "eu", "group", "b"));
        JoinInput.PredictionFacts read = new PendingPredictionCodec(List.of("group", "region"))
            .decode("x", p.eventTime(), codec.encode(p));
        assertThat(read.segments()).isEmpty();
        assertThat(read.score()).isEqualTo(0.3);
    }

    @Test
    void aPendingClassificationTakesAtMost64BytesInTheStore() {
        // The bench's shape: UUID ids, "model-N" ids, version "1", a score, region and group segments.
        String id = UUID.randomUUID().toString();
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts(id, "model-10", "1", 1_764_000_000_123L, null, 0.734,
            null, null, Map.of("region", "eu-west", "group", "b"));
        int key = PredictionIdSerde.encode(id).length + 8 + 4; // Kafka Streams' window key: + timestamp + sequence number
        int value = codec.encode(p).length;
        int before = id.length() + 8 + 4 + JoinInputSerde.encode(p).length;
        System.out.printf("pending classification prediction: key %d + value %d = %d bytes (before: %d)%n",
            key, value, key + value, before);
        assertThat(key).isEqualTo(29);
        assertThat(key + value).isLessThanOrEqualTo(64);
    }

    @Test
    void aPredictionWithoutRequestIdCostsWhatItCostBeforeRequestIdsWereKept() {
        // The bench's shape again: 29 bytes of key and 32 of value (issue #14 watches the 61).
        JoinInput.PredictionFacts p = new JoinInput.PredictionFacts(UUID.randomUUID().toString(), "model-10", "1",
            1_764_000_000_123L, null, 0.734, null, null, Map.of("region", "eu-west", "group", "b"));
        assertThat(p.requestId()).isNull();
        assertThat(PredictionIdSerde.encode(p.predictionId()).length + 8 + 4 + codec.encode(p).length).isEqualTo(61);
        // The flags byte has no request bit: the bytes are those of the form before the request id existed.
        assertThat(codec.encode(p)[1] & 16).isZero();
    }

    @Test
    void aPrimaryPredictionKeepsItsRequestIdForTheCostOfTheIdAlone() {
        JoinInput.PredictionFacts without = facts("r", "1", 0.4, null, null, Map.of("region", "eu"));
        JoinInput.PredictionFacts with = new JoinInput.PredictionFacts("r", "model-3", "1", 1_764_000_000_123L, "1", 0.4,
            null, null, Map.of("region", "eu"), "req-0042");
        assertThat(roundTrip(with)).isEqualTo(with);
        assertThat(roundTrip(without).requestId()).isNull();
        assertThat(codec.encode(with).length).isEqualTo(codec.encode(without).length + 1 + "req-0042".length());
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
