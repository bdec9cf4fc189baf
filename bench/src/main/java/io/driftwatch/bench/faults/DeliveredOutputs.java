package io.driftwatch.bench.faults;

import io.driftwatch.bench.faults.SteadyStream.SentWindow;
import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.WindowReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the monitor delivered after a fault experiment, against what the stream sent: the window reports
 * (each window's first report must count exactly the events acknowledged for it, none late, none
 * repeated), the alert transitions (none repeating its fingerprint's status, none going back in window
 * time), the audit chain ({@code driftwatch audit verify}), and the canary's comparison: every window with
 * both versions compared, the latencies its reports count growing by exactly the events sent in each
 * window, and a decision that is never taken back and alerted once.
 */
final class DeliveredOutputs {

    /**
     * @param windows            model-windows the stream sent events in
     * @param exactWindows       of those, windows whose first report counts exactly the events sent
     * @param missingWindows     windows never reported
     * @param duplicateReports   reports of a window and revision seen more than once
     * @param lateEvents         events the reports count as late
     * @param repeatedTransitions transitions repeating their fingerprint's previous status (or a first RESOLVED)
     * @param backwardTransitions transitions for a window older than their fingerprint's previous one
     * @param firingByModel      FIRING transitions per model, the comparison's decision apart
     * @param comparison         the canary's comparison
     */
    record Tally(int windows, int exactWindows, int missingWindows, int duplicateReports, long lateEvents,
                 boolean auditVerified, int auditRecords, int alertTransitions, int repeatedTransitions,
                 int backwardTransitions, Map<String, Integer> firingByModel, Comparison comparison) {}

    /**
     * @param windows         windows in which both versions of the canary model sent events
     * @param exactWindows    of those, windows whose first comparison report's latency counts grew, from the
     *                        window before, by exactly the events each version sent in it
     * @param decision        the first decision other than NONE, or NONE
     * @param reversed        reports after it with another decision
     * @param decisionAlerts  FIRING transitions of the comparison's decision rules
     */
    record Comparison(int windows, int exactWindows, String decision, int reversed, int decisionAlerts) {}

    private static final String DECISION_METRIC = "comparison.decision";

    private DeliveredOutputs() {}

    /** Reads the output topics until every event sent is reported (or five minutes), then tallies them. */
    static Tally read(String bootstrap, Map<SentWindow, Long> sentPerWindow) {
        long total = sentPerWindow.values().stream().mapToLong(Long::longValue).sum();
        List<WindowReport> reports;
        try (TopicContents topic = new TopicContents(bootstrap, "window-reports")) {
            topic.readUntil(rs -> reported(rs) >= total, Duration.ofMinutes(5));
            reports = topic.readUntilQuiet(Duration.ofSeconds(10)).stream()
                .map(r -> PlainJson.read(r.value(), WindowReport.class)).toList();
        }
        List<Alert> alerts = readAll(bootstrap, "alerts", Alert.class);
        int auditRecords;
        try (TopicContents topic = new TopicContents(bootstrap, "audit")) {
            auditRecords = topic.readUntilQuiet(Duration.ofSeconds(5)).size();
        }
        List<ComparisonReport> comparisons = readAll(bootstrap, "comparisons", ComparisonReport.class);
        boolean audit = DriftwatchCli.execute("audit", "verify", "--bootstrap-server", bootstrap) == 0;
        return tally(sentPerWindow, reports, alerts, audit, auditRecords, comparisons);
    }

    /** Every record of {@code topic}, read until nothing new came for 5 s. */
    private static <T extends SpecificRecord> List<T> readAll(String bootstrap, String topic, Class<T> type) {
        try (TopicContents contents = new TopicContents(bootstrap, topic)) {
            return contents.readUntilQuiet(Duration.ofSeconds(5)).stream().map(r -> PlainJson.read(r.value(), type)).toList();
        }
    }

    private static long reported(List<ConsumerRecord<byte[], byte[]>> records) {
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            WindowReport w = PlainJson.read(r.value(), WindowReport.class);
            if (w.getRevision() == 0) {
                n += w.getEventCount() + w.getLateEventCount();
            }
        }
        return n;
    }

    static Tally tally(Map<SentWindow, Long> sent, List<WindowReport> reports, List<Alert> alerts, boolean audit,
                       int auditRecords, List<ComparisonReport> comparisons) {
        record Copy(SentWindow window, int revision) {}
        Map<SentWindow, Long> firstReports = new HashMap<>();
        Map<Copy, Integer> copies = new HashMap<>();
        long late = 0;
        for (WindowReport w : reports) {
            SentWindow window = new SentWindow(w.getModelId(), w.getModelVersion(), w.getWindowStart().toEpochMilli());
            copies.merge(new Copy(window, w.getRevision()), 1, Integer::sum);
            late += w.getLateEventCount();
            if (w.getRevision() == 0) {
                firstReports.put(window, w.getEventCount());
            }
        }
        int exact = 0;
        int missing = 0;
        for (Map.Entry<SentWindow, Long> e : sent.entrySet()) {
            Long got = firstReports.get(e.getKey());
            if (got == null) {
                missing++;
            } else if (got.equals(e.getValue())) {
                exact++;
            }
        }
        int duplicates = (int) copies.values().stream().filter(n -> n > 1).count();
        int repeated = 0;
        int backward = 0;
        Map<String, Alert> last = new HashMap<>();
        for (Alert a : alerts) {
            Alert before = last.put(a.getFingerprint(), a);
            if (before == null) {
                if (a.getStatus() == AlertStatus.RESOLVED) {
                    repeated++;
                }
                continue;
            }
            if (before.getStatus() == a.getStatus()) {
                repeated++;
            }
            if (a.getWindowEnd().isBefore(before.getWindowEnd())) {
                backward++;
            }
        }
        Map<String, Integer> firing = new TreeMap<>();
        sent.keySet().forEach(window -> firing.put(window.model(), 0));
        alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING && !a.getMetric().equals(DECISION_METRIC))
            .forEach(a -> firing.merge(a.getModelId(), 1, Integer::sum));
        return new Tally(sent.size(), exact, missing, duplicates, late, audit, auditRecords, alerts.size(), repeated, backward,
            firing, comparison(sent, comparisons, alerts));
    }

    private static Comparison comparison(Map<SentWindow, Long> sent, List<ComparisonReport> reports, List<Alert> alerts) {
        String model = SteadyStream.CANARY_MODEL;
        TreeMap<Long, long[]> sentByWindow = new TreeMap<>();
        sent.forEach((window, n) -> {
            if (window.model().equals(model)) {
                int side = window.version().equals(SteadyStream.CANARY_VERSION) ? 1 : 0;
                sentByWindow.computeIfAbsent(window.startMs(), w -> new long[2])[side] += n;
            }
        });
        sentByWindow.values().removeIf(n -> n[0] == 0 || n[1] == 0);
        // The first report of each window, in the order they were written.
        Map<Long, ComparisonReport> first = new TreeMap<>();
        ComparisonDecision decision = ComparisonDecision.NONE;
        int reversed = 0;
        for (ComparisonReport r : reports) {
            first.putIfAbsent(r.getWindowStart().toEpochMilli(), r);
            if (decision == ComparisonDecision.NONE) {
                decision = r.getDecision();
            } else if (r.getDecision() != decision) {
                reversed++;
            }
        }
        int exact = 0;
        long[] before = {0, 0};
        for (Map.Entry<Long, ComparisonReport> e : first.entrySet()) {
            long[] counted = latencies(e.getValue());
            long[] inWindow = sentByWindow.get(e.getKey());
            if (inWindow != null && counted[0] - before[0] == inWindow[0] && counted[1] - before[1] == inWindow[1]) {
                exact++;
            }
            before = counted;
        }
        int decisionAlerts = (int) alerts.stream()
            .filter(a -> a.getModelId().equals(model) && a.getMetric().equals(DECISION_METRIC) && a.getStatus() == AlertStatus.FIRING)
            .count();
        return new Comparison(sentByWindow.size(), exact, decision.name(), reversed, decisionAlerts);
    }

    /** The control's and the candidate's latencies counted so far, from the report's latency figure. */
    private static long[] latencies(ComparisonReport r) {
        return r.getMetrics().stream().filter(m -> m.getMetric().startsWith("latency_")).findFirst()
            .map(m -> new long[] {m.getControlCount(), m.getCandidateCount()})
            .orElse(new long[] {-1, -1});
    }
}
