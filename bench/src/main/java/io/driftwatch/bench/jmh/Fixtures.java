package io.driftwatch.bench.jmh;

import io.driftwatch.baseline.BaselineSummaries;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.report.BaselineChoice;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Realistic inputs for the micro-benchmarks, from the traffic generator: one model of the throughput workload. */
final class Fixtures {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** A generator of one model with 20 numeric and 5 categorical features. */
    static TrafficGenerator generator(long seed) {
        Workload w = Workload.standard();
        return new Workload(1, w.numeric(), w.categorical(), 0).traffic().generator(seed, START);
    }

    /** {@code n} consecutive events of that model, 1 ms apart. */
    static PredictionEvent[] events(int n, long seed) {
        TrafficGenerator g = generator(seed);
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            events[i] = g.next(START.plusMillis(i)).prediction();
        }
        return events;
    }

    /** A window profile of {@code n} events. */
    static WindowProfile profile(int n, long seed) {
        WindowProfile p = new WindowProfile(ProfileSettings.defaults());
        for (PredictionEvent e : events(n, seed)) {
            p.add(e);
        }
        return p;
    }

    static ReferenceProfile reference(int n, long seed) {
        return ReferenceProfileFactory.fromProfile("model-1", "1", profile(n, seed), BaselineSource.TRAINING_DATA,
            "benchmark", START, Map.of());
    }

    /** The report of a window of {@code n} events against a 20,000-event reference, as stage 2 makes it. */
    static WindowReport report(int n) {
        // Avro's generated builders load nested classes by name; the application trusts them at start-up.
        AvroClassTrust.trustSchemaClasses();
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("bootstrap.servers", "unused:9092"));
        WindowReportBuilder builder = new WindowReportBuilder(config.drift(),
            AgreedWindowLayout.of(WindowLayout.of(java.time.Duration.ofMinutes(1))));
        BaselineChoice baseline = new BaselineChoice(new BaselineSummaries(reference(20_000, 1)), false);
        return builder.build(new WindowKey("model-1", "1", START.toEpochMilli()), profile(n, 2), baseline, 0,
            START.plusSeconds(61), Optional.empty());
    }
}
