package io.driftwatch.comparison;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.StorePlacement;
import io.driftwatch.topology.MergeOutput;
import io.driftwatch.topology.TopicSerdes;
import io.driftwatch.topology.labels.JoinOutput;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the comparison stage (canary, shadow, A/B) after the per-version merge:
 * <pre>
 * accepted predictions ─ deployment sightings ─┬─ roles per window ────────────────────────────────┐
 *                                              └─ predictions with request_id ─┬▶ shadow-pairs ─ pair ┤
 * label join ─ outcomes of primary predictions with request_id ────────────────┘  (pairs, unpaired,   │
 *                                                                                judged disagreements)│
 * merged window reports (every version, every revision) ─────────────────────────────────────────────┤
 *                                 comparison-* (internal, by model id) ─▶ comparisons ─┬─▶ comparisons
 *                                                                                      ├─▶ alerts (decisions, figure rules)
 *                                                                                      └─▶ audit (&lt;model&gt;#comparisons)
 * </pre>
 * Each input reaches the stage through its own repartition topic, so no existing sub-topology is
 * fused with another; request outcomes share the predictions' {@code shadow-pairs} topic (same key), so
 * that a request's outcome reaches the task that holds its pair. It reads window reports and each
 * window's outputs-only profile (prediction distribution, latency sketch), as the merge stage closes it:
 * no second pass over events.
 */
public final class ComparisonStage {

    private ComparisonStage() {
    }

    /**
     * @param requestOutcomes outcomes of primary predictions that name their request, keyed model/request_id, from
     *                        the label join; null when labels are off (then no shadow pair is judged or kept for one)
     * @param windows         the windows the merge stage cuts, so that a deployment is seen in the same ones
     */
    public static void wire(StreamsBuilder builder, DriftwatchConfig config, TopicSerdes serdes,
                            KStream<byte[], io.driftwatch.ingest.Ingested<PredictionEvent>> predictions,
                            KStream<String, JoinOutput.RequestOutcome> requestOutcomes, KStream<String, MergeOutput> merged,
                            io.micrometer.core.instrument.MeterRegistry registry,
                            io.driftwatch.metrics.ReportMetrics alertMetrics, boolean persistentStores,
                            io.driftwatch.alerting.RulesSource rules, io.driftwatch.topology.ClockLead lead,
                            io.driftwatch.profile.AgreedWindowLayout windows) {
        ComparisonStores stores = ComparisonStores.defaults();
        // Pending shadow predictions grow with traffic (RocksDB); the rest is bounded by the comparisons and
        // their open windows, and lives in memory (StorePlacement says why).
        builder.addStateStore(Stores.keyValueStoreBuilder(StorePlacement.large(stores.shadowPending(), persistentStores),
            Serdes.String(), Serdes.ByteArray()));
        for (String name : new String[] {stores.roles(), stores.figures(), stores.states(), stores.auditHeads(),
            stores.alertStates()}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(StorePlacement.small(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG));
        }
        // The latest report of each comparison, for the HTTP API's interactive queries.
        builder.addStateStore(Stores.keyValueStoreBuilder(StorePlacement.small(stores.latest()), Serdes.String(),
                new io.driftwatch.topology.serde.AvroBinarySerde<>(io.driftwatch.schemas.ComparisonReport.class))
            .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG));
        builder.addStateStore(Stores.keyValueStoreBuilder(StorePlacement.small(stores.activeAlerts()), Serdes.String(),
                new io.driftwatch.topology.serde.AvroBinarySerde<>(io.driftwatch.schemas.Alert.class))
            .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG));
        ComparisonsSource source = config.comparisons().file() == null ? ComparisonsSource.standard()
            : ComparisonsSource.watching(config.comparisons().file());
        // A shadow prediction is scored within the request, so its partner is late only by transport delays:
        // two windows and the grace bound that, and keep pending state small.
        Duration pairingHorizon = config.windows().size().multipliedBy(2).plus(config.windows().grace());
        ComparisonInputSerde serde = new ComparisonInputSerde();
        // One set of gauges per topology: every task of this instance sets its own comparisons' series.
        ComparisonGauges gauges = new ComparisonGauges(registry);

        KStream<String, ComparisonInput> sightings = predictions.process(() -> new DeploymentSightings(windows),
            Named.as("deployment-sightings"));
        KStream<String, ComparisonInput> roles = sightings
            .filter((k, v) -> v instanceof ComparisonInput.RoleSeen, Named.as("deployment-roles"))
            .repartition(repartitioned("comparison-roles", serde));
        KStream<String, ComparisonInput> requested = sightings
            .filter((k, v) -> v instanceof ComparisonInput.Scored, Named.as("requested-predictions"));
        // A disagreeing pair waits for its outcome as long as outcomes may come: the label horizon (none without labels).
        Duration labelHorizon = requestOutcomes == null ? null : config.labels().horizon();
        if (requestOutcomes != null) {
            // Same key and same repartition topic as the predictions, so a request's outcome meets its pair.
            // The label join already shares a sub-topology with the predictions' ingest (through the bus merge,
            // or its co-partitioned layout), so this merge fuses nothing new.
            requested = requested.merge(requestOutcomes.mapValues(o -> (ComparisonInput)
                    new ComparisonInput.RequestOutcome(o.modelId(), o.requestId(), o.label(), o.value(), o.eventTime()),
                    Named.as("request-outcomes-to-pair")),
                Named.as("requested-predictions-and-outcomes"));
        }
        KStream<String, ComparisonInput> pairs = requested
            .repartition(repartitioned("shadow-pairs", serde))
            .process(() -> new ShadowPairing(stores.shadowPending(), pairingHorizon, labelHorizon, lead),
                Named.as("shadow-pairing"), stores.shadowPending())
            .repartition(repartitioned("comparison-pairs", serde));
        KStream<String, ComparisonInput> reports = merged
            .filter((k, v) -> v instanceof MergeOutput.Report, Named.as("reports-to-compare"))
            .map((k, v) -> {
                MergeOutput.Report r = (MergeOutput.Report) v;
                WindowReport report = r.report();
                return KeyValue.pair(report.getModelId(), (ComparisonInput) new ComparisonInput.VersionReport(report, r.outputs()));
            }, Named.as("version-reports"))
            .repartition(repartitioned("comparison-reports", serde));

        Duration retention = config.labels().horizon().plus(config.windows().size());
        KStream<String, ComparisonOutput> out = roles
            .merge(pairs, Named.as("comparison-inputs-1"))
            .merge(reports, Named.as("comparison-inputs-2"))
            .process(() -> new ComparisonProcessor(stores, source, gauges, alertMetrics, config.comparisons().reloadInterval(),
                    retention, windows, config.windows().grace(), rules),
                Named.as("comparisons"), stores.roles(), stores.figures(), stores.states(), stores.auditHeads(), stores.latest(),
                stores.alertStates(), stores.activeAlerts());

        out.filter((k, v) -> v instanceof ComparisonOutput.Report, Named.as("comparison-reports-out"))
            .mapValues(v -> ((ComparisonOutput.Report) v).report(), Named.as("comparison-report-values"))
            .to(config.topics().comparisons(), Produced.with(Serdes.String(), serdes.comparisons()).withName("comparisons-sink"));
        // Node names predate figure alerts (decisions were the only ones); kept so the topology's names stay put.
        out.filter((k, v) -> v instanceof ComparisonOutput.AlertTransition, Named.as("comparison-decisions"))
            .mapValues(v -> ((ComparisonOutput.AlertTransition) v).alert(), Named.as("comparison-decision-alerts"))
            .to(config.topics().alerts(), Produced.with(Serdes.String(), serdes.alerts()).withName("comparison-alerts-sink"));
        out.filter((k, v) -> v instanceof ComparisonOutput.AuditLink, Named.as("comparison-audit"))
            .mapValues(v -> ((ComparisonOutput.AuditLink) v).record(), Named.as("comparison-audit-records"))
            .to(config.topics().audit(), Produced.with(Serdes.String(), serdes.audit()).withName("comparison-audit-sink"));
    }

    private static Repartitioned<String, ComparisonInput> repartitioned(String name, ComparisonInputSerde serde) {
        return Repartitioned.<String, ComparisonInput>as(name).withKeySerde(Serdes.String()).withValueSerde(serde);
    }
}
