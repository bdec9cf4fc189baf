package io.driftwatch.bench.quality;

import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.Marginal;
import io.driftwatch.generator.ModelSpec;
import io.driftwatch.generator.Scenario;
import io.driftwatch.generator.ScenarioKind;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AvroClassTrust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection quality, offline: one binary model with 20 numeric and 5 categorical features from the
 * traffic generator, windows of a fixed number of events compared with a reference sample.
 * Driftwatch decides with its default rules ({@link DriftwatchDecider}); the established tools'
 * default decision is made on the same windows from the raw values ({@link EvidentlyStyleDecider}).
 * <ul>
 *   <li>Stationary streams: false alerts per model per window, in blocks of 100 windows, each block
 *       with its own reference sample and traffic seed.</li>
 *   <li>Streams with a known change at a known window: per run a fresh reference and seed, some
 *       stationary windows, then the change; detection rate within the horizon and delay in
 *       windows (0 = detected in the first changed window).</li>
 * </ul>
 * Two regimes, because both families switch tests on the reference size: a reference of 1000 events
 * (tests with p-values: KS, chi-square, z-test) and one of 10,000 (distances: Wasserstein,
 * Jensen–Shannon).
 */
public final class DetectionQualityBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionQualityBenchmark.class);
    static final String FEATURE = "measure_0";
    static final String CATEGORY = "category_0";
    private static final int BLOCK = 100;
    /** Features that drift in the dataset changes: a little over half the model's 25. */
    private static final int DATASET_DRIFTED = 13;

    /**
     * Reference and window sizes in events.
     *
     * @param maxRuns              detection runs at most per change (the 10,000-event windows cost ten times more)
     * @param maxStationaryWindows stationary windows at most (likewise)
     */
    public record Regime(String name, int referenceEvents, int windowEvents, int maxRuns, int maxStationaryWindows) {
        public Regime(String name, int referenceEvents, int windowEvents) {
            this(name, referenceEvents, windowEvents, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
    }

    /** A known change, made for the model from its start. */
    /**
     * @param categories the rule categories whose alert counts as detecting this change (drift and
     *                   quality for data changes, operations for error-rate and latency changes)
     */
    public record Change(String name, Function<ModelSpec, Function<Duration, Scenario>> scenario, Set<String> categories) {
        public Change(String name, Function<ModelSpec, Function<Duration, Scenario>> scenario) {
            this(name, scenario, Set.of("drift", "quality"));
        }
    }

    /**
     * False alerts on stationary windows.
     *
     * @param firingByRule          FIRING transitions per default rule
     * @param windowsWithAlert      windows in which any rule started firing
     * @param windowsWithDriftAlert windows in which a drift or quality rule started firing
     * @param anyColumn             windows in which the exact tests found any drifted column
     * @param datasetDrift          windows with at least half the columns drifted
     * @param driftedColumns        drifted columns over all windows
     * @param targetDrift           windows whose target tested as drifted
     * @param nannyMl               windows in which a NannyML-style ±3σ band was left (any column or accuracy)
     */
    public record Stationary(Regime regime, int windows, int columns, Map<String, Integer> firingByRule,
                             int windowsWithAlert, int windowsWithDriftAlert, int anyColumn, int datasetDrift,
                             long driftedColumns, int targetDrift, int nannyMl) {
    }

    /**
     * Detections of one change over its runs; delays in windows of the detected runs.
     *
     * @param driftwatchAlerts per detected run, the FIRING transitions of the change's rule categories within the
     *                         horizon: 1 is one alert for the change, more is the same problem alerted again (an
     *                         episode that resolved and fired once more) or told by several rules
     * @param driftwatchEpisodes per detected run, the windows within the horizon in which an alert of the change's
     *                         categories fired while none was firing: 1 is one problem told once, however many rules
     *                         of a group escalated it; more is the problem alerted again after every alert of it
     *                         had resolved
     * @param resolvedAfter    per detected run, with {@code bench.quality.recovery} windows of unchanged traffic
     *                         after the horizon: the windows of it after which no alert of the change's categories
     *                         fired (1: none after the first unchanged window; 0: none fired when the change ended),
     *                         or −1 when one still fired at the end;
     *                         empty without recovery windows
     * @param recoveryFirings  FIRING transitions of the change's categories during those windows, over all runs
     */
    public record Detection(Regime regime, String change, int runs, List<Integer> driftwatchDelays,
                            Map<String, Integer> driftwatchFirstRules, List<Integer> anyColumnDelays,
                            List<Integer> datasetDelays, List<Integer> targetDelays, List<Integer> nannyMlDelays,
                            List<Integer> driftwatchAlerts, List<Integer> driftwatchEpisodes, List<Integer> resolvedAfter,
                            int recoveryFirings) {
    }

    /**
     * @param demoStationary stationary traffic of each of the demo's models (no scenario), windows as the demo's
     * @param calibration    how the changes were sized: label flip share for the accuracy drops, logit
     *                       penalty for the fairness gap, with the effect measured on generated traffic
     */
    public record Result(int preWindows, int horizon, int recovery, List<Stationary> stationary, List<Detection> detections,
                         List<Stationary> demoStationary, Map<String, String> calibration) {
    }

    private final int stationaryWindows;
    private final int runs;
    private final int preWindows;
    private final int horizon;
    // Segments and fairness as the demo sets them, so the disparate-impact rule is judged too.
    private final DriftwatchConfig config = DriftwatchConfig.from(Map.of("bootstrap.servers", "offline:9092",
        "segments.attributes", "region,group", "fairness.attributes", "group"));
    // -Dbench.quality.rules=FILE judges with another rules file, e.g. the defaults without a resolve_threshold.
    private final RuleSet rules = System.getProperty("bench.quality.rules") == null ? RulesFile.defaults()
        : RulesFile.load(java.nio.file.Path.of(System.getProperty("bench.quality.rules")));
    // -Dbench.quality.recovery=N: N windows of unchanged traffic after the horizon, to measure how alerts end.
    private final int recovery = Integer.getInteger("bench.quality.recovery", 0);
    private final ModelSpec model = new Workload(1, 20, 5, 0).traffic().models().get(0);

    public DetectionQualityBenchmark(int stationaryWindows, int runs, int preWindows, int horizon) {
        this.stationaryWindows = stationaryWindows;
        this.runs = runs;
        this.preWindows = preWindows;
        this.horizon = horizon;
    }

    public static List<Regime> regimes() {
        // The 200-event windows are the low-traffic case the significance gate made judgeable (below
        // the old 500-value minimum they were INSUFFICIENT_DATA).
        return List.of(new Regime("reference 1,000 / window 200 events", 1000, 200),
            new Regime("reference 1,000 / window 1,000 events", 1000, 1000),
            new Regime("reference 10,000 / window 2,000 events", 10_000, 2000),
            new Regime("reference 10,000 / window 10,000 events", 10_000, 10_000,
                Integer.getInteger("bench.quality.large.runs", 8), Integer.getInteger("bench.quality.large.windows", 1000)));
    }

    /** Windows of the demo's stationary regime: a 20 s window of the demo holds about 1,000 events of a model. */
    static final Regime DEMO = new Regime("demo model, reference 1,000 (its first window) / window 1,000 events", 1000, 1000);

    public static List<Change> changes() {
        return changes(Map.of());
    }

    /** The changes; {@code calibration} gives the flip share per accuracy drop and the fairness penalty (see {@link #calibrate}). */
    static List<Change> changes(Map<String, Double> calibration) {
        List<Change> changes = new ArrayList<>();
        for (double shift : new double[] {0.1, 0.25, 0.5, 1.0}) {
            changes.add(new Change("mean +" + shift + " sd (" + FEATURE + ")",
                m -> start -> new Scenario.InputDrift(start, Map.of(FEATURE, shift), Map.of(), null, null, 0)));
        }
        // A dataset drift: 13 of the 25 features shift together, past the dataset-drift rule's half.
        // The workload's numeric features come first.
        for (double shift : new double[] {0.25, 0.5}) {
            changes.add(new Change("mean +" + shift + " sd (" + DATASET_DRIFTED + " of 25 features)", m -> {
                Map<String, Double> shifts = new TreeMap<>();
                m.features().stream().limit(DATASET_DRIFTED).forEach(f -> shifts.put(f.name(), shift));
                return start -> new Scenario.InputDrift(start, shifts, Map.of(), null, null, 0);
            }));
        }
        changes.add(new Change("sd x1.5 (" + FEATURE + ")",
            m -> start -> new Scenario.InputDrift(start, Map.of(), Map.of(FEATURE, 1.5), null, null, 0)));
        changes.add(new Change("new category in 5% (" + CATEGORY + ")",
            m -> start -> new Scenario.InputDrift(start, Map.of(), Map.of(), CATEGORY, ScenarioKind.NEW_CATEGORY, 0.05)));
        // Data quality: a feature pipeline failing for part of the traffic, at the partial rule's bar (10% more of the
        // events without the feature, on its own 1%) and past it.
        for (double share : new double[] {0.1, 0.3}) {
            changes.add(new Change("missing values +" + Math.round(100 * share) + "% (" + FEATURE + ")",
                m -> start -> new Scenario.MissingValues(start, FEATURE, share), Set.of("data_quality")));
        }
        // Operations: the error rate from 0.5% to 2% (error-rate rule at 1%), and p99 latency +50%, which
        // the default latency-p99 rule (an absolute 500 ms objective) is not meant to see on a 20 ms model.
        changes.add(new Change("error rate 0.5% -> 2%",
            m -> start -> new Scenario.LatencyDegradation(start, Duration.ZERO, 1, 0.015), Set.of("operations")));
        changes.add(new Change("latency x1.5 (p99 +50%)",
            m -> start -> new Scenario.LatencyDegradation(start, Duration.ZERO, 1.5, 0), Set.of("operations")));
        for (int points : new int[] {5, 10}) {
            Double flip = calibration.get("accuracy-" + points);
            if (flip != null) {
                // The truth flips towards the other class for every input: accuracy falls by flip × E|1 − 2p|.
                changes.add(new Change("accuracy -" + points + " points (labels only)",
                    m -> start -> new Scenario.ConceptDrift(start, FEATURE, -1e12, flip)));
            }
        }
        Double penalty = calibration.get("disparate-impact-0.7");
        if (penalty != null) {
            changes.add(new Change("disparate impact 0.7 (group B)",
                m -> start -> new Scenario.FairnessGap(start, "B", penalty), Set.of("fairness")));
        }
        changes.add(new Change("concept, labels only (flip 0.5 above the mean of " + FEATURE + ")", m -> {
            Marginal marginal = m.feature(FEATURE).marginal();
            return start -> new Scenario.ConceptDrift(start, FEATURE, marginal.center(), 0.5);
        }));
        return changes;
    }

    public Result run() throws InterruptedException, ExecutionException {
        AvroClassTrust.trustSchemaClasses();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            Map<String, Double> sizes = new TreeMap<>();
            Map<String, String> calibration = calibrate(sizes);
            List<Stationary> stationary = new ArrayList<>();
            List<Detection> detections = new ArrayList<>();
            for (Regime regime : selected(regimes(), Regime::name, "bench.quality.regimes")) {
                stationary.add(stationary(pool, regime, model));
                for (Change change : selected(changes(sizes), Change::name, "bench.quality.changes")) {
                    detections.add(detection(pool, regime, change));
                }
            }
            List<Stationary> demo = new ArrayList<>();
            List<ModelSpec> demoModels = Boolean.parseBoolean(System.getProperty("bench.quality.demo", "true"))
                ? io.driftwatch.generator.DemoSchedule.standard().models() : List.of();
            for (ModelSpec m : demoModels) {
                ModelSpec still = m.withScenarios(List.of());
                demo.add(stationary(pool, new Regime(m.modelId(), DEMO.referenceEvents(), DEMO.windowEvents()), still));
            }
            return new Result(preWindows, horizon, recovery, stationary, detections, demo, calibration);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The items whose name contains one of the comma-separated parts of the system property (e.g.
     * {@code -Dbench.quality.regimes="window 1,000,window 2,000"} is split on commas not followed by a
     * digit, so "1,000" stays whole), or all of them when it is not set: a targeted re-run of a few
     * regimes and changes fits where the whole section does not.
     */
    static <T> List<T> selected(List<T> items, Function<T, String> name, String property) {
        String wanted = System.getProperty(property);
        if (wanted == null || wanted.isBlank()) {
            return items;
        }
        List<String> parts = java.util.Arrays.stream(wanted.split(",(?![0-9])")).map(String::trim)
            .filter(p -> !p.isEmpty()).toList();
        List<T> out = items.stream().filter(i -> parts.stream().anyMatch(p -> name.apply(i).contains(p))).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException(property + "=" + wanted + " selects none of "
                + items.stream().map(name).toList());
        }
        return out;
    }

    /**
     * Sizes the accuracy drops and the fairness gap on generated traffic of the benchmark's model: the
     * flip share that lowers accuracy by 5 and 10 points, and the logit penalty that makes group B's
     * positive-prediction rate 0.7 of group A's. Fills {@code sizes}; returns what was measured.
     */
    private Map<String, String> calibrate(Map<String, Double> sizes) {
        int n = 100_000;
        double base = accuracy(new WindowStream(model, 900_001L, n).next());
        double flipped = accuracy(new WindowStream(model.withScenarios(List.of(
            new Scenario.ConceptDrift(Duration.ZERO, FEATURE, -1e12, 1.0))), 900_002L, n).next());
        double perFlip = base - flipped;
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int points : new int[] {5, 10}) {
            double flip = Math.min(1, points / 100.0 / perFlip);
            sizes.put("accuracy-" + points, flip);
            double measured = accuracy(new WindowStream(model.withScenarios(List.of(
                new Scenario.ConceptDrift(Duration.ZERO, FEATURE, -1e12, flip))), 900_003L, n).next());
            out.put("accuracy -" + points + " points", String.format(java.util.Locale.ROOT,
                "truth flipped towards the other class with probability %.4f: accuracy %.4f -> %.4f", flip, base, measured));
        }
        double low = 0;
        double high = 6;
        for (int i = 0; i < 16; i++) {
            double mid = (low + high) / 2;
            if (disparateImpact(mid, 900_004L, n) > 0.7) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double penalty = (low + high) / 2;
        sizes.put("disparate-impact-0.7", penalty);
        out.put("disparate impact 0.7", String.format(java.util.Locale.ROOT,
            "group B's logit lowered by %.4f: positive-prediction rate ratio B/A %.4f (before %.4f)", penalty,
            disparateImpact(penalty, 900_005L, n), disparateImpact(0, 900_005L, n)));
        LOG.info("calibration: {}", out);
        return out;
    }

    private double disparateImpact(double penalty, long seed, int n) {
        ModelSpec gap = model.withScenarios(List.of(new Scenario.FairnessGap(Duration.ZERO, "B", penalty)));
        long[] positives = new long[2];
        long[] counts = new long[2];
        for (GeneratedEvent e : new WindowStream(gap, seed, n).next()) {
            String group = e.prediction().getSegments().get(io.driftwatch.generator.SegmentSpec.GROUP);
            int g = "A".equals(group) ? 0 : "B".equals(group) ? 1 : -1;
            if (g < 0 || e.prediction().getPrediction().getLabel() == null) {
                continue;
            }
            counts[g]++;
            positives[g] += "1".equals(e.prediction().getPrediction().getLabel()) ? 1 : 0;
        }
        return ((double) positives[1] / counts[1]) / ((double) positives[0] / counts[0]);
    }

    private static double accuracy(List<GeneratedEvent> events) {
        long labelled = 0;
        long correct = 0;
        for (GeneratedEvent e : events) {
            if (e.outcome() != null && e.outcome().getLabel() != null && e.prediction().getPrediction().getLabel() != null) {
                labelled++;
                correct += e.prediction().getPrediction().getLabel().equals(e.outcome().getLabel()) ? 1 : 0;
            }
        }
        return (double) correct / labelled;
    }

    /** The NannyML-style reference period: {@link NannyMlStyleDecider#REFERENCE_CHUNKS} chunks of the window's size. */
    private static List<List<GeneratedEvent>> referenceChunks(ModelSpec spec, long seed, int windowEvents) {
        WindowStream stream = new WindowStream(spec, seed, windowEvents);
        List<List<GeneratedEvent>> chunks = new ArrayList<>();
        for (int c = 0; c < NannyMlStyleDecider.REFERENCE_CHUNKS; c++) {
            chunks.add(stream.next());
        }
        return chunks;
    }

    private Stationary stationary(ExecutorService pool, Regime regime, ModelSpec spec) throws InterruptedException, ExecutionException {
        List<Future<Stationary>> blocks = new ArrayList<>();
        int total = Math.min(stationaryWindows, regime.maxStationaryWindows());
        int blockCount = (total + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blockCount; b++) {
            int block = b;
            int windows = Math.min(BLOCK, total - b * BLOCK);
            blocks.add(pool.submit(() -> stationaryBlock(regime, spec, block, windows)));
        }
        Stationary sum = new Stationary(regime, 0, 0, new TreeMap<>(), 0, 0, 0, 0, 0, 0, 0);
        for (Future<Stationary> f : blocks) {
            Stationary s = f.get();
            Map<String, Integer> rules = new TreeMap<>(sum.firingByRule());
            s.firingByRule().forEach((k, v) -> rules.merge(k, v, Integer::sum));
            sum = new Stationary(regime, sum.windows() + s.windows(), s.columns(), rules,
                sum.windowsWithAlert() + s.windowsWithAlert(), sum.windowsWithDriftAlert() + s.windowsWithDriftAlert(),
                sum.anyColumn() + s.anyColumn(), sum.datasetDrift() + s.datasetDrift(),
                sum.driftedColumns() + s.driftedColumns(), sum.targetDrift() + s.targetDrift(), sum.nannyMl() + s.nannyMl());
        }
        LOG.info("stationary, {}: {} windows, {} with a drift/quality alert, {} with a drifted column (exact tests)",
            regime.name(), sum.windows(), sum.windowsWithDriftAlert(), sum.anyColumn());
        return sum;
    }

    private Stationary stationaryBlock(Regime regime, ModelSpec spec, int block, int windows) {
        List<GeneratedEvent> reference = new WindowStream(spec, 100_000L + block, regime.referenceEvents()).next();
        DriftwatchDecider driftwatch = new DriftwatchDecider(config, rules, reference);
        EvidentlyStyleDecider exact = new EvidentlyStyleDecider(spec, reference);
        NannyMlStyleDecider nanny = new NannyMlStyleDecider(spec, referenceChunks(spec, 150_000L + block, regime.windowEvents()));
        int nannyWindows = 0;
        WindowStream stream = new WindowStream(spec, 200_000L + block, regime.windowEvents());
        Map<String, Integer> firing = new TreeMap<>();
        int withAlert = 0;
        int withDriftAlert = 0;
        int anyColumn = 0;
        int dataset = 0;
        long drifted = 0;
        int target = 0;
        int columns = 0;
        for (int w = 0; w < windows; w++) {
            List<GeneratedEvent> events = stream.next();
            Set<String> fired = driftwatch.evaluate(stream.lastWindowStart(), events);
            fired.forEach(rule -> firing.merge(rule, 1, Integer::sum));
            withAlert += fired.isEmpty() ? 0 : 1;
            withDriftAlert += fired.stream().anyMatch(r -> isDriftOrQuality(driftwatch, r)) ? 1 : 0;
            EvidentlyStyleDecider.Decision d = exact.evaluate(events);
            columns = d.tested();
            anyColumn += d.anyColumn() ? 1 : 0;
            dataset += d.datasetDrift() ? 1 : 0;
            drifted += d.drifted();
            target += d.targetDrift() ? 1 : 0;
            nannyWindows += nanny.evaluate(events).any() ? 1 : 0;
        }
        return new Stationary(regime, windows, columns, firing, withAlert, withDriftAlert, anyColumn, dataset, drifted, target,
            nannyWindows);
    }

    private Detection detection(ExecutorService pool, Regime regime, Change change)
        throws InterruptedException, ExecutionException {
        List<Future<RunOutcome>> results = new ArrayList<>();
        int runs = Math.min(this.runs, regime.maxRuns());
        for (int r = 0; r < runs; r++) {
            int run = r;
            results.add(pool.submit(() -> detectionRun(regime, change, run)));
        }
        List<Integer> driftwatch = new ArrayList<>();
        List<Integer> anyColumn = new ArrayList<>();
        List<Integer> dataset = new ArrayList<>();
        List<Integer> target = new ArrayList<>();
        List<Integer> nanny = new ArrayList<>();
        List<Integer> alerts = new ArrayList<>();
        List<Integer> episodes = new ArrayList<>();
        List<Integer> resolvedAfter = new ArrayList<>();
        int recoveryFirings = 0;
        Map<String, Integer> rules = new TreeMap<>();
        for (Future<RunOutcome> f : results) {
            RunOutcome outcome = f.get();
            addIfDetected(driftwatch, outcome.driftwatch());
            if (outcome.driftwatch() >= 0) {
                alerts.add(outcome.alerts());
                episodes.add(outcome.episodes());
                if (recovery > 0) {
                    resolvedAfter.add(outcome.resolvedAfter());
                }
            }
            recoveryFirings += outcome.recoveryFirings();
            addIfDetected(anyColumn, outcome.anyColumn());
            addIfDetected(dataset, outcome.dataset());
            addIfDetected(target, outcome.target());
            addIfDetected(nanny, outcome.nannyMl());
            if (outcome.firstRule() != null) {
                rules.merge(outcome.firstRule(), 1, Integer::sum);
            }
        }
        LOG.info("{}, {}: Driftwatch detected {}/{}, exact tests (any column) {}/{}", change.name(), regime.name(),
            driftwatch.size(), runs, anyColumn.size(), runs);
        // The power goal is "within one window": the share detected in the first changed window.
        LOG.info("first changed window, {}, {}: Driftwatch {}/{}, exact tests (any column) {}/{}, NannyML-style {}/{}",
            change.name(), regime.name(), firstWindow(driftwatch), runs, firstWindow(anyColumn), runs, firstWindow(nanny), runs);
        return new Detection(regime, change.name(), runs, driftwatch, rules, anyColumn, dataset, target, nanny, alerts,
            episodes, resolvedAfter, recoveryFirings);
    }

    private static long firstWindow(List<Integer> delays) {
        return delays.stream().filter(d -> d == 0).count();
    }

    private static void addIfDetected(List<Integer> delays, int delay) {
        if (delay >= 0) {
            delays.add(delay);
        }
    }

    /**
     * Delays in windows, or −1 when not detected within the horizon, the rule that detected first, and Driftwatch's
     * FIRING transitions of the change's categories within the horizon, the episodes among them, and after the change
     * ended the windows until its alerts resolved (−1: not within the recovery windows) and the FIRING ones there.
     */
    private record RunOutcome(int driftwatch, int anyColumn, int dataset, int target, int nannyMl, String firstRule,
                              int alerts, int episodes, int resolvedAfter, int recoveryFirings) {
    }

    private RunOutcome detectionRun(Regime regime, Change change, int run) {
        Duration start = WindowStream.WINDOW.multipliedBy(preWindows);
        ModelSpec drifting = model.withScenarios(List.of(change.scenario().apply(model).apply(start)));
        List<GeneratedEvent> reference = new WindowStream(model, 300_000L + run, regime.referenceEvents()).next();
        DriftwatchDecider driftwatch = new DriftwatchDecider(config, rules, reference);
        EvidentlyStyleDecider exact = new EvidentlyStyleDecider(model, reference);
        NannyMlStyleDecider nanny = new NannyMlStyleDecider(model, referenceChunks(model, 350_000L + run, regime.windowEvents()));
        WindowStream stream = new WindowStream(drifting, 400_000L + run, regime.windowEvents());
        int[] delays = {-1, -1, -1, -1, -1};
        String firstRule = null;
        int alerts = 0;
        int episodes = 0;
        for (int w = 0; w < preWindows + horizon; w++) {
            List<GeneratedEvent> events = stream.next();
            boolean quiet = !firesAny(driftwatch, change);
            Set<String> fired = driftwatch.evaluate(stream.lastWindowStart(), events);
            if (w < preWindows) {
                continue; // stationary windows: they warm up alert states and detectors
            }
            int delay = w - preWindows;
            trace(regime, change, run, String.valueOf(delay), driftwatch);
            List<String> relevant = fired.stream().filter(r -> isOfChange(driftwatch, change, r)).toList();
            alerts += relevant.size();
            episodes += quiet && !relevant.isEmpty() ? 1 : 0;
            String rule = relevant.isEmpty() ? null : relevant.get(0);
            if (delays[0] < 0 && rule != null) {
                delays[0] = delay;
                firstRule = rule;
            }
            EvidentlyStyleDecider.Decision d = exact.evaluate(events);
            if (delays[1] < 0 && d.anyColumn()) {
                delays[1] = delay;
            }
            if (delays[2] < 0 && d.datasetDrift()) {
                delays[2] = delay;
            }
            if (delays[3] < 0 && d.targetDrift()) {
                delays[3] = delay;
            }
            if (delays[4] < 0 && nanny.evaluate(events).any()) {
                delays[4] = delay;
            }
        }
        // The change ends: the same model's unchanged traffic, from the next window on.
        WindowStream after = new WindowStream(model, 450_000L + run, regime.windowEvents(), preWindows + horizon);
        int resolvedAfter = firesAny(driftwatch, change) ? -1 : 0;
        int recoveryFirings = 0;
        for (int w = 0; w < recovery; w++) {
            List<GeneratedEvent> events = after.next();
            Set<String> fired = driftwatch.evaluate(after.lastWindowStart(), events);
            trace(regime, change, run, "end+" + (w + 1), driftwatch);
            recoveryFirings += (int) fired.stream().filter(r -> isOfChange(driftwatch, change, r)).count();
            if (resolvedAfter < 0 && !firesAny(driftwatch, change)) {
                resolvedAfter = w + 1;
            }
        }
        return new RunOutcome(delays[0], delays[1], delays[2], delays[3], delays[4], firstRule, alerts, episodes,
            resolvedAfter, recoveryFirings);
    }

    /**
     * With {@code -Dbench.quality.trace=true}, logs each transition of a window of a detection run (to see which rule
     * ends and starts an episode again): the run, the window after the change began, the rule, its feature or segment,
     * the figure and how many windows it held or fell short; and while an alert fires, the report's figures of the
     * feature the drift changes and its accuracy, the evidence a hold is decided on.
     */
    private static void trace(Regime regime, Change change, int run, String window, DriftwatchDecider decider) {
        if (!Boolean.getBoolean("bench.quality.trace")) {
            return;
        }
        String where = regime.name() + " | " + change.name() + " | run " + run + " window " + window;
        if (!decider.firingRules().isEmpty() || !decider.lastTransitions().isEmpty()) {
            decider.lastReport().getFeatures().stream().filter(f -> f.getFeature().equals(FEATURE)).forEach(f ->
                LOG.info("trace {}: {} {} {} p {} {} {}", where, f.getFeature(), f.getTest(), f.getStatistic(),
                    f.getPValue(), f.getVerdict(), f.getStatistics()));
            var quality = decider.lastReport().getQuality();
            if (quality != null && quality.getLabelledCount() > 0) {
                LOG.info("trace {}: accuracy {} against {} on {} labels (baseline's {})", where,
                    quality.getMetrics().get("accuracy"), quality.getBaseline().get("accuracy"), quality.getLabelledCount(),
                    quality.getBaselineLabelledCount());
            }
        }
        for (Alert a : decider.lastTransitions()) {
            LOG.info("trace {}: {} {} {} value {} windows {}", where, a.getStatus(), a.getRule(),
                a.getFeature() != null ? a.getFeature() : a.getSegment() != null ? a.getSegment() : "",
                String.format(Locale.ROOT, "%.4g", a.getObservedValue()), a.getEvidence().getWindowsInBreach());
        }
    }

    /** Whether an alert of one of the change's categories is firing. */
    private static boolean firesAny(DriftwatchDecider decider, Change change) {
        return decider.firingRules().stream().anyMatch(r -> isOfChange(decider, change, r));
    }

    /** Whether the rule's alerts tell of this change: its category is one of the change's. */
    private static boolean isOfChange(DriftwatchDecider decider, Change change, String rule) {
        return change.categories().contains(decider.category(rule));
    }

    private static boolean isDriftOrQuality(DriftwatchDecider decider, String rule) {
        String category = decider.category(rule);
        return category.equals("drift") || category.equals("quality");
    }
}
