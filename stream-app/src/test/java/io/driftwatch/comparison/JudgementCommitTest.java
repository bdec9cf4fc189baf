package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.alerting.RulesSource;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A comparison's report and decision reach {@code read_committed} readers when the comparison task commits, so judging
 * a live window asks for that commit at once, as the merge stage does for the window's reports: a roll-back decision
 * then waits for no commit interval. A window judged more than a window length after its end plus grace is a replayed
 * backlog, whose judgements wait for the interval ({@code CommitOnClose}); a report with nothing to judge it against
 * asks for nothing.
 */
class JudgementCommitTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final long CLOSE = Reports.T0.plus(Reports.WINDOW).plus(GRACE).toEpochMilli();

    private final MockProcessorContext<String, ComparisonOutput> context =
        new MockProcessorContext<>(new Properties(), new TaskId(3, 0), null);
    private final ComparisonProcessor comparisons;

    JudgementCommitTest() {
        ComparisonStores stores = ComparisonStores.defaults();
        for (String name : new String[] {stores.roles(), stores.figures(), stores.states(), stores.auditHeads(),
            stores.alertStates()}) {
            add(name, Serdes.ByteArray());
        }
        add(stores.latest(), new AvroBinarySerde<>(ComparisonReport.class));
        add(stores.activeAlerts(), new AvroBinarySerde<>(Alert.class));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        comparisons = new ComparisonProcessor(stores, ComparisonsSource.standard(), new ComparisonGauges(registry),
            new ReportMetrics(registry, 1000), Duration.ofSeconds(10), Duration.ofDays(1), io.driftwatch.profile.AgreedWindowLayout.of(io.driftwatch.profile.WindowLayout.of(Reports.WINDOW)), GRACE,
            RulesSource.defaults());
        comparisons.init(context);
    }

    @Test
    void judgingALiveWindowAsksForACommitAtOnce() {
        context.setCurrentSystemTimeMs(CLOSE + 2_000);
        canaryBesidePrimary();

        send(report("1"));
        assertThat(context.committed()).as("the control's report alone: nothing judged yet").isFalse();
        send(report("2"));
        assertThat(context.forwarded()).as("the window was judged").isNotEmpty();
        assertThat(context.committed()).as("judged two seconds after the window's end plus grace").isTrue();
    }

    @Test
    void judgingAReplayedWindowWaitsForTheInterval() {
        context.setCurrentSystemTimeMs(CLOSE + Reports.WINDOW.toMillis() + 1);
        canaryBesidePrimary();

        send(report("1"));
        send(report("2"));
        assertThat(context.forwarded()).as("the window was judged").isNotEmpty();
        assertThat(context.committed()).as("judged more than a window length after its end plus grace").isFalse();
    }

    private void canaryBesidePrimary() {
        long start = Reports.T0.toEpochMilli();
        send(new ComparisonInput.RoleSeen("fraud", "1", null, start));
        send(new ComparisonInput.RoleSeen("fraud", "2", "canary", start));
    }

    private static ComparisonInput report(String version) {
        return new ComparisonInput.VersionReport(Reports.window("fraud", version, 0).build(), null);
    }

    private void send(ComparisonInput input) {
        comparisons.process(new Record<>("fraud", input, Reports.T0.toEpochMilli()));
    }

    private <T> void add(String name, Serde<T> values) {
        StateStore store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
