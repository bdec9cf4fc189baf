package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.json.PlainJson;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of {@code window.size} by a rolling restart of two instances, against a real broker, with a producer
 * sending live events throughout: the first instance restarts with the new size while the second still runs with
 * the old one (and must adopt the change), then the second restarts with the new size too (and must not change it
 * again). Before the window layout, the second run reported the
 * windows the first had opened with the new size's end, overlapping the new windows: a 4 s window became
 * [start, start + 6 s), next to a 6 s window over part of the same time. Now every report is a window of the layout
 * all instances agreed on, the windows open at the change keep their size, the windows never overlap, and each
 * counts exactly the events sent in it.
 */
class WindowSizeChangeIT {

    private static final Duration FIRST_SIZE = Duration.ofSeconds(4);
    private static final Duration SECOND_SIZE = Duration.ofSeconds(6);
    private static final String APPLICATION_ID = "window-size-change-it";

    @TempDir
    Path dir;

    @Test
    void aRollingRestartChangesTheSizeAfterTheOpenWindowsAndEveryInstanceCutsTheSameWindows() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            Map<String, String> props = FastWindowMonitor.settings(kafka, APPLICATION_ID, dir.resolve("state"));
            props.put("baseline.capture", "off");
            props.put("labels.enabled", "false");
            props.put("window.size", FIRST_SIZE.toSeconds() + "s");
            ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            List<DriftwatchApp> running = startAll(kafka, props, 2);
            Thread producer = new Thread(() -> produceLive(kafka, producing, sent), "it-producer");
            try (TopicReader reports = new TopicReader(kafka.bootstrapServers(), "window-reports")) {
                producer.start();
                reports.awaitRecords(rs -> rs.size() >= 2, Duration.ofMinutes(2), "two windows of the first run");
                props.put("window.size", SECOND_SIZE.toSeconds() + "s");
                running.set(0, restart(kafka, running.get(0), props, 0));
                WindowLayout layout = agreedLayout(kafka, 2);
                long change = layout.lastChangeMs();
                assertThat(layout.currentSizeMs()).isEqualTo(SECOND_SIZE.toMillis());
                // Produce until two windows of the new size have closed, the second instance still on the old size.
                reports.awaitRecords(rs -> windowsFrom(rs, change) >= 2, Duration.ofMinutes(3), "two windows of the second size");
                running.set(1, restart(kafka, running.get(1), props, 1));
                long before = windowsFrom(reports.drain(Duration.ofMillis(1)), change);
                reports.awaitRecords(rs -> windowsFrom(rs, change) >= before + 2, Duration.ofMinutes(3),
                    "two more windows of the second size after the second restart");
                assertThat(agreedLayout(kafka, 2)).as("the layout after the second restart").isEqualTo(layout);
                producing.set(false);
                producer.join();

                Map<Long, Long> sentPerWindow = new TreeMap<>();
                sent.forEach(t -> sentPerWindow.merge(layout.startOf(t), 1L, Long::sum));
                List<ConsumerRecord<byte[], byte[]>> all = reports.awaitRecords(
                    rs -> rs.stream().mapToLong(r -> report(r).getEventCount()).sum() >= sent.size(),
                    Duration.ofMinutes(2), "reports of all " + sent.size() + " events sent");
                List<WindowReport> windows = new ArrayList<>(all.stream().map(WindowSizeChangeIT::report).toList());
                windows.sort(java.util.Comparator.comparing(WindowReport::getWindowStart));

                Map<Long, Long> reportedPerWindow = new TreeMap<>();
                long previousEnd = Long.MIN_VALUE;
                for (WindowReport w : windows) {
                    long start = w.getWindowStart().toEpochMilli();
                    long end = w.getWindowEnd().toEpochMilli();
                    assertThat(start).as("window %s starts at or after the end of the one before", w.getWindowStart())
                        .isGreaterThanOrEqualTo(previousEnd);
                    long size = start < change ? FIRST_SIZE.toMillis() : SECOND_SIZE.toMillis();
                    assertThat(end - start).as("size of window %s (change at %s)", w.getWindowStart(), Instant.ofEpochMilli(change))
                        .isEqualTo(size);
                    assertThat(reportedPerWindow.put(start, w.getEventCount())).as("window %s reported once", w.getWindowStart())
                        .isNull();
                    assertThat(w.getLateEventCount()).as("late events in %s", w.getWindowStart()).isZero();
                    previousEnd = end;
                }
                assertThat(reportedPerWindow).as("events per window").isEqualTo(sentPerWindow);
                assertThat(reportedPerWindow.keySet()).as("windows of both sizes")
                    .anyMatch(s -> s < change).anyMatch(s -> s >= change);
            } finally {
                producing.set(false);
                producer.join();
                running.forEach(DriftwatchApp::close);
            }
        }
    }

    private static long windowsFrom(List<ConsumerRecord<byte[], byte[]>> reports, long start) {
        return reports.stream().map(WindowSizeChangeIT::report).filter(w -> w.getWindowStart().toEpochMilli() >= start).count();
    }

    /** Stops {@code app} and starts instance {@code index} again with {@code props}. */
    private DriftwatchApp restart(EmbeddedKafka kafka, DriftwatchApp app, Map<String, String> props, int index)
            throws InterruptedException {
        app.close();
        return start(kafka, props, index);
    }

    /** Instances of one application, each with its own state directory, started one after the other. */
    private List<DriftwatchApp> startAll(EmbeddedKafka kafka, Map<String, String> props, int instances)
            throws InterruptedException {
        List<DriftwatchApp> started = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            started.add(start(kafka, props, i));
        }
        return started;
    }

    /** Instance {@code index}: {@code props} with a state directory of its own. */
    private DriftwatchApp start(EmbeddedKafka kafka, Map<String, String> props, int index) throws InterruptedException {
        Map<String, String> own = new java.util.HashMap<>(props);
        own.put("kafka.state.dir", dir.resolve("state-" + index).toString());
        return FastWindowMonitor.start(kafka, DriftwatchConfig.from(own));
    }

    private static WindowReport report(ConsumerRecord<byte[], byte[]> r) {
        return PlainJson.read(r.value(), WindowReport.class);
    }

    /**
     * The last of the window-layout topic's records, once it has {@code records}; fails if it has more.
     */
    private static WindowLayout agreedLayout(EmbeddedKafka kafka, int records) {
        try (TopicReader log = new TopicReader(kafka.bootstrapServers(), APPLICATION_ID + "-window-layout")) {
            log.awaitRecords(rs -> rs.size() >= records, Duration.ofSeconds(30), records + " layouts");
            List<WindowLayout> layouts = log.drain(Duration.ofSeconds(1)).stream()
                .map(r -> WindowLayout.parse(new String(r.value(), StandardCharsets.UTF_8))).toList();
            assertThat(layouts).as("layouts written").hasSize(records);
            return layouts.get(layouts.size() - 1);
        }
    }

    /** A prediction every 50 ms stamped with the wall clock, until told to stop; keeps each one's event time. */
    private static void produceLive(EmbeddedKafka kafka, AtomicBoolean producing, ConcurrentLinkedQueue<Long> sent) {
        PredictionEventJsonCodec codec = new PredictionEventJsonCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; producing.get(); i++) {
                long time = System.currentTimeMillis();
                String id = "p-" + i;
                PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(id).setModelId("fraud").setModelVersion("1")
                    .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", (double) (i % 17)))
                    .setPrediction(Prediction.newBuilder().setScore((i % 10) / 10.0).build()).build();
                producer.send(new ProducerRecord<>("predictions", null, time, id, codec.encode(e))).get();
                sent.add(time);
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a send failed", e);
        }
    }
}
