package io.driftwatch.bench.comparisons;

import io.driftwatch.bench.load.Workload;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the outputs-only profile costs that every window report hands to the comparison stage
 * ({@code MergeOutput.Report.outputs()}: {@code WindowProfile.outputsOnly()} encoded by
 * {@link WindowProfileCodec}, once per version and window, with the window's first report), against
 * the events of that window:
 * <ul>
 *   <li>bytes: the encoded outputs against the window's events in the registry wire format (what the
 *       predictions topic holds);</li>
 *   <li>time: {@code outputsOnly()} plus encoding, the median of repeated runs after a warm-up, against
 *       the time {@code WindowProfile.add} took for the same window's events (only the profiling part of
 *       an event's processing, so the share is an upper bound of the share of the whole pipeline).</li>
 * </ul>
 * On the bench workload (10 models, Zipf skew 1, 20 numeric and 5 categorical features) at the drift-only
 * throughput of section 1 in 10 s windows, per model; and for one model of that shape by events per window,
 * because the share grows as traffic shrinks.
 */
public final class OutputsCost {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final WindowProfileCodec CODEC = new WindowProfileCodec();

    /**
     * @param events         events in the window
     * @param outputBytes    encoded outputs-only profile
     * @param eventBytes     those events in the registry wire format
     * @param encodeMicros   outputsOnly() + encode, median
     * @param profileMillis  WindowProfile.add over the window's events
     */
    public record Row(String label, long events, long outputBytes, long eventBytes, double encodeMicros, double profileMillis) {
        public double byteShare() {
            return (double) outputBytes / eventBytes;
        }

        public double timeShare() {
            return encodeMicros / 1000 / profileMillis;
        }
    }

    /**
     * @param rate        events per second of the bench window (all models)
     * @param windowSeconds the window
     */
    public record Result(double rate, int windowSeconds, double meanEventBytes, List<Row> perModel, List<Row> byEvents) {
    }

    /** @param rate events per second over all models, e.g. the measured drift-only throughput */
    public Result run(double rate, int windowSeconds, long[] eventsPerWindow) {
        Workload workload = Workload.standard();
        double meanEventBytes = meanWireBytes(workload);
        TrafficGenerator generator = workload.traffic().generator(11, START);
        long total = Math.round(rate * windowSeconds);
        double nanosApart = windowSeconds * 1e9 / total;
        Map<String, WindowProfile> profiles = new TreeMap<>();
        Map<String, long[]> addNanos = new TreeMap<>();
        for (long i = 0; i < total; i++) {
            PredictionEvent e = generator.next(START.plusNanos(Math.round(i * nanosApart))).prediction();
            WindowProfile p = profiles.computeIfAbsent(e.getModelId(), k -> new WindowProfile(ProfileSettings.defaults()));
            long t = System.nanoTime();
            p.add(e);
            addNanos.computeIfAbsent(e.getModelId(), k -> new long[1])[0] += System.nanoTime() - t;
        }
        List<Row> perModel = new ArrayList<>();
        for (Map.Entry<String, WindowProfile> m : profiles.entrySet()) {
            perModel.add(row(m.getKey(), m.getValue(), meanEventBytes, addNanos.get(m.getKey())[0]));
        }
        perModel.sort((a, b) -> Long.compare(b.events(), a.events()));

        List<Row> byEvents = new ArrayList<>();
        Workload one = new Workload(1, workload.numeric(), workload.categorical(), 0);
        for (long n : eventsPerWindow) {
            TrafficGenerator g = one.traffic().generator(12, START);
            WindowProfile p = new WindowProfile(ProfileSettings.defaults());
            long nanos = 0;
            for (long i = 0; i < n; i++) {
                PredictionEvent e = g.next(START.plusMillis(i)).prediction();
                long t = System.nanoTime();
                p.add(e);
                nanos += System.nanoTime() - t;
            }
            byEvents.add(row(String.format(Locale.ROOT, "%,d events", n), p, meanEventBytes, nanos));
        }
        return new Result(rate, windowSeconds, meanEventBytes, perModel, byEvents);
    }

    private static Row row(String label, WindowProfile profile, double meanEventBytes, long addNanos) {
        int bytes = CODEC.encode(profile.outputsOnly()).length;
        return new Row(label, profile.events(), bytes, Math.round(profile.events() * meanEventBytes),
            encodeMicros(profile), addNanos / 1e6);
    }

    /** Median of 31 timed runs of outputsOnly() + encode, each the mean of a batch, after a warm-up. */
    private static double encodeMicros(WindowProfile profile) {
        int batch = 20;
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += CODEC.encode(profile.outputsOnly()).length;
        }
        double[] runs = new double[31];
        for (int r = 0; r < runs.length; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                sink += CODEC.encode(profile.outputsOnly()).length;
            }
            runs[r] = (System.nanoTime() - t) / 1e3 / batch;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the encodings from being optimised away
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    /** Mean bytes of the workload's events in the registry wire format, over 20,000 of them. */
    private static double meanWireBytes(Workload workload) {
        TrafficGenerator g = workload.traffic().generator(13, START);
        long bytes = 0;
        int n = 20_000;
        try (AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", "mock://bench-outputs-cost"), false);
            for (int i = 0; i < n; i++) {
                bytes += serializer.serialize("predictions", g.next(START.plusMillis(i)).prediction()).length;
            }
        }
        return (double) bytes / n;
    }

    /** The markdown of the measurement, for section 6. */
    public static String render(Result r) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### What the outputs-only profile costs%n%n"
            + "Every window report hands the comparison stage its window's outputs-only profile (prediction distribution"
            + " and latency sketch, `WindowProfile.outputsOnly()` encoded, with the first report of each version and"
            + " window, whether or not a comparison needs it). Measured offline on the bench workload (%s, events"
            + " %.0f bytes each in the registry wire format) at %,.0f events/s, the drift-only throughput of section 1,"
            + " in %d s windows; encode = `outputsOnly()` + `WindowProfileCodec.encode`, median of 31 batches after a"
            + " warm-up; profile = `WindowProfile.add` of the same window's events (only the profiling part of their"
            + " processing, so the time share is an upper bound).%n%n", Workload.standard(), r.meanEventBytes(), r.rate(),
            r.windowSeconds()));
        table(md, "model", r.perModel());
        md.append("\nOne model of the same shape, by events per window (the share grows as traffic shrinks):\n\n");
        table(md, "window", r.byEvents());
        double bytes = r.perModel().stream().mapToDouble(Row::byteShare).max().orElse(Double.NaN);
        double time = r.perModel().stream().mapToDouble(Row::timeShare).max().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "%nOn the bench workload the outputs are at most %s of their window's event"
            + " bytes and their encoding at most %s of the time the window's events took to profile. Every version's first"
            + " report carries them through the `comparison-reports` repartition topic; the comparison stage keeps them"
            + " (in `comparison-figures`, for the label horizon) only for versions a comparison judges.%n%n",
            percent(bytes), percent(time)));
        return md.toString();
    }

    private static void table(StringBuilder md, String first, List<Row> rows) {
        md.append("| ").append(first).append(" | events in the window | their bytes | outputs bytes | share of the bytes"
            + " | encode µs | profile ms | share of the time |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %.1f | %.1f | %s |%n", row.label(),
                row.events(), row.eventBytes(), row.outputBytes(), percent(row.byteShare()), row.encodeMicros(),
                row.profileMillis(), percent(row.timeShare())));
        }
    }

    private static String percent(double share) {
        return share >= 0.001 ? String.format(Locale.ROOT, "%.2f%%", 100 * share)
            : String.format(Locale.ROOT, "%.4f%%", 100 * share);
    }
}
