package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class AuditChainTest {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainTest.class);

    private final AuditChain chain = new AuditChain();

    @Test
    void appendsGaplessLinkedRecords() {
        ChainHead head = ChainHead.genesis("fraud-scorer");
        String previous = ChainHead.GENESIS_HASH;
        for (int i = 0; i < 5; i++) {
            AuditChain.Appended appended = chain.append(head, AuditType.WINDOW_EVALUATED,
                    Instant.parse("2026-11-22T10:00:00Z").plusSeconds(3600L * i), "v3@" + i, "{\"n\":" + i + "}");
            AuditRecord record = appended.record();

            assertThat(record.getModelId()).isEqualTo("fraud-scorer");
            assertThat(record.getSequence()).isEqualTo(i);
            assertThat(record.getPreviousHash()).isEqualTo(previous);
            assertThat(record.getHash()).matches("[0-9a-f]{64}").isEqualTo(new AuditHasher().hash(record));
            assertThat(appended.head()).isEqualTo(new ChainHead("fraud-scorer", i + 1, record.getHash()));
            previous = record.getHash();
            head = appended.head();
        }
    }

    @Test
    void aHeadIsStoredAsItsSequenceThenItsHashAndReadBackAsItWas() {
        ChainHead head = new ChainHead("fraud-scorer#comparisons", 258, "ab".repeat(32));
        byte[] stored = head.toBytes();

        // The stores of chain heads (the merge and comparison stages') hold this layout; a change would break restores.
        assertThat(stored).hasSize(8 + 64);
        assertThat(java.util.Arrays.copyOf(stored, 8)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(new String(stored, 8, 64, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ab".repeat(32));
        assertThat(ChainHead.fromBytes("fraud-scorer#comparisons", stored)).isEqualTo(head);
        assertThat(ChainHead.fromBytes("m", null)).isEqualTo(ChainHead.genesis("m"));
    }

    @Test
    void keepsTimeToTheMillisecondAsTheSchemaDoes() {
        AuditRecord record = chain.append(ChainHead.genesis("m"), AuditType.ALERT_FIRED,
                Instant.parse("2026-11-22T10:00:00.999999Z"), "fp", "{}").record();

        assertThat(record.getTime()).isEqualTo(Instant.parse("2026-11-22T10:00:00.999Z"));
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> new ChainHead("m", -1, ChainHead.GENESIS_HASH)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new ChainHead("m", 1, "XYZ")).hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> chain.append(ChainHead.genesis("m"), AuditType.ALERT_FIRED, Instant.EPOCH, "fp", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("payloadJson");
        assertThatThrownBy(() -> AuditChainVerifier.builder().firstRecordLinksTo("zz"))
                .hasMessageContaining("64 lowercase hex digits");
    }

    @Test
    void appendsQuickly() {
        String payload = "{\"report\":\"" + "x".repeat(4000) + "\"}";
        ChainHead head = ChainHead.genesis("m");
        int records = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < records; i++) {
            head = chain.append(head, AuditType.WINDOW_EVALUATED, Instant.EPOCH, "s", payload).head();
        }
        double micros = (System.nanoTime() - started) / 1e3 / records;
        LOG.info("audit chain: {} us per append of a 4 kB payload", String.format("%.1f", micros));

        assertThat(head.nextSequence()).isEqualTo(records);
    }
}
