package io.driftwatch.bench.faults;

import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the monitor delivered after a fault experiment, against what the stream sent: the window reports
 * (each window's first report must count exactly the events acknowledged for it, none late, none
 * repeated), the alert transitions (none repeating its fingerprint's status, none going back in window
 * time) and the audit chain ({@code driftwatch audit verify}).
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
     */
    record Tally(int windows, int exactWindows, int missingWindows, int duplicateReports, long lateEvents,
                 boolean auditVerified, int auditRecords, int alertTransitions, int repeatedTransitions,
                 int backwardTransitions) {}

    private DeliveredOutputs() {}

    /** Reads the output topics until every event sent is reported (or five minutes), then tallies them. */
    static Tally read(String bootstrap, Map<String, Long> sentPerWindow) {
        long total = sentPerWindow.values().stream().mapToLong(Long::longValue).sum();
        List<WindowReport> reports;
        try (TopicContents topic = new TopicContents(bootstrap, "window-reports")) {
            topic.readUntil(rs -> reported(rs) >= total, Duration.ofMinutes(5));
            reports = topic.readUntilQuiet(Duration.ofSeconds(10)).stream()
                .map(r -> PlainJson.read(r.value(), WindowReport.class)).toList();
        }
        List<Alert> alerts;
        try (TopicContents topic = new TopicContents(bootstrap, "alerts")) {
            alerts = topic.readUntilQuiet(Duration.ofSeconds(5)).stream().map(r -> PlainJson.read(r.value(), Alert.class)).toList();
        }
        int auditRecords;
        try (TopicContents topic = new TopicContents(bootstrap, "audit")) {
            auditRecords = topic.readUntilQuiet(Duration.ofSeconds(5)).size();
        }
        boolean audit = DriftwatchCli.execute("audit", "verify", "--bootstrap-server", bootstrap) == 0;
        return tally(sentPerWindow, reports, alerts, audit, auditRecords);
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

    static Tally tally(Map<String, Long> sent, List<WindowReport> reports, List<Alert> alerts, boolean audit,
                       int auditRecords) {
        Map<String, Long> firstReports = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        long late = 0;
        for (WindowReport w : reports) {
            String window = w.getModelId() + "@" + w.getWindowStart().toEpochMilli();
            copies.merge(window + "#" + w.getRevision(), 1, Integer::sum);
            late += w.getLateEventCount();
            if (w.getRevision() == 0) {
                firstReports.put(window, w.getEventCount());
            }
        }
        int exact = 0;
        int missing = 0;
        for (Map.Entry<String, Long> e : sent.entrySet()) {
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
        return new Tally(sent.size(), exact, missing, duplicates, late, audit, auditRecords, alerts.size(), repeated, backward);
    }
}
