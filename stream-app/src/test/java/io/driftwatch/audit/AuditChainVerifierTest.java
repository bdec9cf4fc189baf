package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuditChainVerifierTest {

    private static final List<String> MODELS = List.of("churn", "fraud-scorer", "pricing");

    private final Map<String, ChainHead> trueHeads = new HashMap<>();

    /** 60 records of three models, interleaved irregularly, as they would sit in one partition. */
    private List<AuditRecord> topic() {
        AuditChain chain = new AuditChain();
        Random random = new Random(7);
        List<AuditRecord> records = new ArrayList<>();
        MODELS.forEach(model -> trueHeads.put(model, ChainHead.genesis(model)));
        AuditType[] types = AuditType.values();
        for (int i = 0; i < 60; i++) {
            String model = MODELS.get(random.nextInt(MODELS.size()));
            AuditChain.Appended appended = chain.append(trueHeads.get(model), types[random.nextInt(types.length)],
                    Instant.parse("2026-11-22T00:00:00Z").plusSeconds(60L * i), "subject-" + i,
                    "{\"i\":" + i + "}");
            records.add(appended.record());
            trueHeads.put(model, appended.head());
        }
        return records;
    }

    @Test
    void anUntouchedChainOfSeveralModelsVerifies() {
        List<AuditRecord> records = topic();

        VerificationReport report = AuditChainVerifier.verify(records);

        assertThat(report.ok()).isTrue();
        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.recordsRead()).isEqualTo(60);
        assertThat(report.verifiedPerModel().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
        MODELS.forEach(model -> assertThat(report.verifiedPerModel().get(model))
                .isEqualTo(trueHeads.get(model).nextSequence()));
        assertThat(report.heads()).isEqualTo(trueHeads);
        assertThat(report.describe()).startsWith("OK\n60 records read, 3 models\n  churn: ");
    }

    @Test
    void catchesAnAlteredPayload() {
        List<AuditRecord> records = topic();
        int target = indexOf(records, "fraud-scorer", 4);
        records.set(target, copy(records.get(target), r -> r.setPayload("{\"i\":-1}")));

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.ALTERED);
        assertThat(found.modelId()).isEqualTo("fraud-scorer");
        assertThat(found.position()).isEqualTo(target);
        assertThat(found.sequence()).isEqualTo(4);
        assertThat(found.message()).contains("the record with sequence 4 was altered after it was written")
                .contains("but its content hashes to");
    }

    @Test
    void catchesAnAlteredHashAndAMalformedPreviousHash() {
        List<AuditRecord> records = topic();
        int first = indexOf(records, "churn", 2);
        records.set(first, copy(records.get(first), r -> r.setHash("f".repeat(64))));
        assertThat(firstBreak(records)).extracting(ChainBreak::kind, ChainBreak::position)
                .containsExactly(BreakKind.ALTERED, (long) first);

        List<AuditRecord> other = topic();
        int second = indexOf(other, "pricing", 1);
        other.set(second, copy(other.get(second), r -> r.setPreviousHash("not-a-hash")));
        assertThat(firstBreak(other).message()).contains("'not-a-hash' is not 64 lowercase hex digits");
    }

    @Test
    void catchesADroppedRecord() {
        List<AuditRecord> records = topic();
        int dropped = indexOf(records, "pricing", 3);
        int next = indexOf(records, "pricing", 4);
        records.remove(dropped);

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.GAP);
        assertThat(found.modelId()).isEqualTo("pricing");
        assertThat(found.position()).isEqualTo(next - 1);
        assertThat(found.sequence()).isEqualTo(4);
        assertThat(found.message()).isEqualTo("model 'pricing': sequence 4 follows sequence 2: sequence 3 is missing");
    }

    @Test
    void catchesSwappedRecords() {
        List<AuditRecord> records = topic();
        int earlier = indexOf(records, "churn", 5);
        int later = indexOf(records, "churn", 6);
        AuditRecord swap = records.get(earlier);
        records.set(earlier, records.get(later));
        records.set(later, swap);

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.REORDER);
        assertThat(found.position()).isEqualTo(earlier);
        assertThat(found.sequence()).isEqualTo(6);
        assertThat(found.message()).isEqualTo("model 'churn': sequence 6 at position " + earlier
                + " came before sequence 5 at position " + later + ": records are out of order");
    }

    @Test
    void catchesDuplicatesAndReplays() {
        List<AuditRecord> records = topic();
        int original = indexOf(records, "fraud-scorer", 2);
        records.add(original + 1, records.get(original));

        ChainBreak duplicate = firstBreak(records);
        assertThat(duplicate.kind()).isEqualTo(BreakKind.REORDER);
        assertThat(duplicate.position()).isEqualTo(original + 1);
        assertThat(duplicate.message()).isEqualTo("model 'fraud-scorer': the record with sequence 2 appears twice (duplicate)");

        List<AuditRecord> replayed = topic();
        int old = indexOf(replayed, "fraud-scorer", 1);
        int late = indexOf(replayed, "fraud-scorer", 5);
        replayed.add(late + 1, replayed.get(old));
        ChainBreak backwards = firstBreak(replayed);
        assertThat(backwards.kind()).isEqualTo(BreakKind.REORDER);
        assertThat(backwards.position()).isEqualTo(late + 1);
        assertThat(backwards.message()).contains("sequence 1 comes after sequence 5: the sequence goes backwards");
    }

    @Test
    void catchesAForgedRecordWhoseHashWasRecomputed() {
        List<AuditRecord> records = topic();
        int forged = indexOf(records, "fraud-scorer", 3);
        int next = indexOf(records, "fraud-scorer", 4);
        AuditHasher hasher = new AuditHasher();
        records.set(forged, copy(records.get(forged), r -> {
            r.setPayload("{\"i\":\"rewritten\"}");
            r.setHash(hasher.hash(r));
        }));

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.FORGED);
        assertThat(found.position()).isEqualTo(next);
        assertThat(found.sequence()).isEqualTo(4);
        assertThat(found.message()).contains("the record with sequence 4 hashes correctly but its previous_hash")
                .contains("is not the hash of sequence 3");
    }

    @Test
    void catchesARebuiltChainThatDoesNotStartAtGenesis() {
        List<AuditRecord> records = new ArrayList<>();
        AuditChain chain = new AuditChain();
        ChainHead fake = new ChainHead("fraud-scorer", 0, "ab".repeat(32));
        for (int i = 0; i < 3; i++) {
            AuditChain.Appended appended = chain.append(fake, AuditType.WINDOW_EVALUATED, Instant.EPOCH, "", "{}");
            records.add(appended.record());
            fake = appended.head();
        }

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.FORGED);
        assertThat(found.position()).isZero();
        assertThat(found.message()).contains("is not the genesis hash 0000");
    }

    @Test
    void reportsTheEarliestBreakAcrossModels() {
        List<AuditRecord> records = topic();
        String droppedModel = records.get(10).getModelId();
        int late = lastIndexOfOtherModel(records, droppedModel);
        records.set(late, copy(records.get(late), r -> r.setSubject("changed")));
        records.remove(10);

        ChainBreak found = firstBreak(records);

        assertThat(found.kind()).isEqualTo(BreakKind.GAP);
        assertThat(found.modelId()).isEqualTo(droppedModel);
        assertThat(found.position()).isGreaterThanOrEqualTo(10).isLessThan(late - 1);
    }

    @Test
    void aPendingSkipHoldsTheVerdictUntilItIsJudged() {
        List<AuditRecord> records = topic();
        String droppedModel = records.get(10).getModelId();
        records.remove(10);
        int altered = lastIndexOfOtherModel(records, droppedModel);
        records.set(altered, copy(records.get(altered), r -> r.setSubject("changed")));
        AuditChainVerifier verifier = AuditChainVerifier.fromGenesis();

        for (int i = 0; i <= altered; i++) {
            verifier.accept(i, records.get(i));
        }

        assertThat(verifier.isDecided()).as("the earlier skip might still turn out to be a reorder").isFalse();
        VerificationReport report = verifier.finish();
        assertThat(report.firstBreak()).hasValueSatisfying(b -> assertThat(b.kind()).isEqualTo(BreakKind.GAP));
        assertThatThrownBy(() -> verifier.accept(99, records.get(0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSkipOlderThanTheReorderWindowIsAGapEvenIfTheRecordTurnsUpLater() {
        List<AuditRecord> records = topic();
        int moved = indexOf(records, "pricing", 2);
        AuditRecord late = records.remove(moved);
        records.add(late);
        AuditChainVerifier verifier = AuditChainVerifier.builder().reorderWindow(5).build();

        for (int i = 0; i < records.size(); i++) {
            verifier.accept(i, records.get(i));
        }

        assertThat(verifier.finish().firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BreakKind.GAP);
            assertThat(b.sequence()).isEqualTo(3);
        });
        // Within the default window the same topic reads as a reorder.
        assertThat(firstBreak(records).kind()).isEqualTo(BreakKind.REORDER);
    }

    @Test
    void resumesFromTrustedHeads() {
        List<AuditRecord> records = topic();
        VerificationReport firstHalf = AuditChainVerifier.verify(records.subList(0, 30));
        AuditChainVerifier.Builder builder = AuditChainVerifier.builder();
        firstHalf.heads().values().forEach(builder::trust);
        AuditChainVerifier resumed = builder.build();

        for (int i = 30; i < records.size(); i++) {
            resumed.accept(i, records.get(i));
        }

        VerificationReport secondHalf = resumed.finish();
        assertThat(secondHalf.ok()).isTrue();
        assertThat(secondHalf.heads()).isEqualTo(trueHeads);
        AuditChainVerifier nothingNew = AuditChainVerifier.builder().trust(trueHeads.get("churn")).build();
        assertThat(nothingNew.finish().heads()).containsExactly(java.util.Map.entry("churn", trueHeads.get("churn")));

        AuditChainVerifier.Builder distrust = AuditChainVerifier.builder();
        firstHalf.heads().values().forEach(distrust::trust);
        distrust.trust(new ChainHead("churn", firstHalf.heads().get("churn").nextSequence(), "cd".repeat(32)));
        AuditChainVerifier distrustful = distrust.build();
        for (int i = 30; i < records.size(); i++) {
            distrustful.accept(i, records.get(i));
        }
        assertThat(distrustful.finish().firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BreakKind.FORGED);
            assertThat(b.message()).contains("is not the trusted hash cdcd");
        });
    }

    @Test
    void startsMidTopicFromATrustedHashOrOnTrust() {
        List<AuditRecord> records = topic();
        int start = 25;
        AuditRecord first = records.get(start);
        String hashBefore = records.subList(0, start).stream()
                .filter(r -> r.getModelId().equals(first.getModelId()))
                .reduce((a, b) -> b).orElseThrow().getHash();

        AuditChainVerifier withoutTrust = AuditChainVerifier.fromGenesis();
        AuditChainVerifier linked = AuditChainVerifier.builder().firstRecordLinksTo(hashBefore)
                .trustFirstRecordOfUnanchoredModels(true).build();
        AuditChainVerifier wronglyLinked = AuditChainVerifier.builder().firstRecordLinksTo("ee".repeat(32))
                .trustFirstRecordOfUnanchoredModels(true).build();
        for (int i = start; i < records.size(); i++) {
            withoutTrust.accept(i, records.get(i));
            linked.accept(i, records.get(i));
            wronglyLinked.accept(i, records.get(i));
        }

        assertThat(withoutTrust.finish().firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BreakKind.GAP);
            assertThat(b.message()).contains("its first record read has sequence").contains("start from a trusted head");
        });
        VerificationReport report = linked.finish();
        assertThat(report.ok()).isTrue();
        assertThat(report.heads()).isEqualTo(trueHeads);
        assertThat(report.modelsTrustedOnFirstRecord()).doesNotContain(first.getModelId()).isNotEmpty();
        assertThat(report.describe()).contains("(first record taken on trust)");
        assertThat(wronglyLinked.finish().firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BreakKind.FORGED);
            assertThat(b.position()).isEqualTo(start);
        });
    }

    @Test
    void aChainCutAtTheEndShowsOnlyAgainstAKnownHead() {
        List<AuditRecord> records = topic();
        int last = records.size() - 1;
        String model = records.get(last).getModelId();
        records.remove(last);

        VerificationReport report = AuditChainVerifier.verify(records);

        assertThat(report.ok()).isTrue();
        assertThat(report.heads().get(model)).isNotEqualTo(trueHeads.get(model));
    }

    private static ChainBreak firstBreak(List<AuditRecord> records) {
        return AuditChainVerifier.verify(records).firstBreak().orElseThrow(() -> new AssertionError("no break found"));
    }

    private static int lastIndexOfOtherModel(List<AuditRecord> records, String model) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (!records.get(i).getModelId().equals(model)) {
                return i;
            }
        }
        throw new AssertionError("only " + model + " in the topic");
    }

    private static int indexOf(List<AuditRecord> records, String model, long sequence) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).getModelId().equals(model) && records.get(i).getSequence() == sequence) {
                return i;
            }
        }
        throw new AssertionError("no record " + model + "/" + sequence);
    }

    private static AuditRecord copy(AuditRecord record, Consumer<AuditRecord> change) {
        AuditRecord copy = new AuditRecord(record.getModelId(), record.getSequence(), record.getType(),
                record.getTime(), record.getSubject(), record.getPayload(), record.getPreviousHash(), record.getHash());
        change.accept(copy);
        return copy;
    }
}
