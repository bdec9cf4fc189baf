package io.driftwatch.config;

import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.stats.DriftTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The application's typed configuration, read from string properties (a file, the environment,
 * command-line overrides). Every key is listed in {@code docs/configuration.md}. Invalid or unknown
 * settings stop start-up with a {@link ConfigException} naming each key and its fix.
 *
 * @param kafka  settings passed through to Kafka Streams and its clients (the {@code kafka.} prefix
 *               removed), including security settings; {@code bootstrap.servers} and
 *               {@code application.id} are accepted without the prefix too
 * @param serde  settings passed to the Avro serdes and registry client ({@code schema.registry.*},
 *               {@code basic.auth.*}, {@code bearer.auth.*}, {@code auto.register.schemas},
 *               {@code use.latest.version})
 */
public record DriftwatchConfig(
    TopicNames topics,
    Formats formats,
    WindowSettings windows,
    ProfileSettings profile,
    DriftSettingsConfig drift,
    BaselineSettings baseline,
    LabelSettings labels,
    FairnessSettings fairness,
    AlertSettings alerts,
    ComparisonSettings comparisons,
    HttpSettings http,
    HangingTransactionSettings hangingTransactions,
    Map<String, Object> kafka,
    Map<String, Object> serde) {

    /** Topic names. */
    public record TopicNames(String predictions, String outcomes, String baselines, String alerts,
                             String audit, String windowReports, String deadLetter, String comparisons) {}

    /**
     * Wire formats of the input events and of what Driftwatch writes.
     *
     * @param maxRecordBytes input records larger than this (key, value and headers) are dead-lettered
     *                       as {@code TOO_LARGE} without being decoded
     */
    public record Formats(InputFormat input, OutputFormat output, int maxRecordBytes) {

        /**
         * What Driftwatch's producer may send at most when nobody sets {@code max.request.size}, and
         * the {@code max.message.bytes} of the topics it creates, internal ones included. Kafka's 1 MiB
         * is too small: a window profile holds about 6 to 10 KB of sketch per numeric feature, so a
         * model with 150 features or more has profiles (on the model bus, in the stores' changelogs,
         * as a captured baseline) larger than that. 16 MiB holds about 1,500 numeric features.
         */
        public static final int DEFAULT_MAX_REQUEST_SIZE = 16 * 1_048_576;
        /** Room kept between the largest input record and the largest request, for dead-letter headers. */
        public static final int DEAD_LETTER_HEADROOM = 65_536;
    }

    public enum InputFormat { AUTO, AVRO, JSON }

    public enum OutputFormat { AVRO, JSON }

    /**
     * Where the label join runs ({@code labels.join.layout}). {@code CO_PARTITIONED}: predictions and
     * outcomes keyed by prediction id on topics with the same partition count are joined in the task that
     * reads them, and only a record keyed otherwise is re-keyed through the {@code label-join} topic.
     * {@code CO_PARTITIONED_STRICT}: the same, but a record keyed otherwise is refused (dead-lettered as
     * {@code NOT_KEYED_BY_PREDICTION_ID}), so there is no {@code label-join} topic and the task that joins
     * reads only the two input partitions. {@code REPARTITION}: every record is re-keyed through it.
     * {@code AUTO}: co-partitioned when the two topics have the same partition count.
     */
    public enum JoinLayout { AUTO, CO_PARTITIONED, CO_PARTITIONED_STRICT, REPARTITION }

    /**
     * Event-time windows.
     *
     * @param size              tumbling window size
     * @param grace             how long after a window's end late events still count in it
     * @param idleTimeout       after this much wall-clock time without events, an input partition's
     *                          event time is advanced with the wall clock, so its last window closes
     * @param heartbeatInterval how often each input partition reports its progress to the merge stage
     * @param stallTimeout      how long an input partition may stay silent, while others report, before
     *                          it stops holding windows open (its task is restoring or moving meanwhile)
     * @param maxLead           how far past this instance's clock an event may be stamped and still move its input
     *                          partition's event time; one stamped further ahead counts in its own window only
     * @param memoryMaxBytes    serialized bytes of window state (profiles, label counts) the instance keeps decoded in
     *                          memory while no record uses it; beyond them, state unused for a commit interval is read
     *                          back from its store when next needed ({@link io.driftwatch.state.LiveObjectBudget})
     */
    public record WindowSettings(Duration size, Duration grace, Duration idleTimeout, Duration heartbeatInterval,
                                 Duration stallTimeout, Duration maxLead, long memoryMaxBytes) {

        /** Serialized bytes of window state kept decoded while unused, unless {@code window.memory.max.bytes} says. */
        public static final long DEFAULT_MEMORY_MAX_BYTES = 32L << 20;
    }

    /**
     * Drift testing.
     *
     * @param psiBins           quantile bins of the reference for PSI and the other binned statistics
     * @param minSampleSize     windows (and baselines) with fewer values of a feature get no verdict
     * @param datasetDriftShare share of drifted features at which the dataset counts as drifted
     * @param features          per-feature overrides of the test and threshold
     */
    public record DriftSettingsConfig(int psiBins, long minSampleSize, double datasetDriftShare,
                                      Map<String, FeatureOverride> features) {}

    /** Test and/or threshold chosen for one feature; null fields keep the default. */
    public record FeatureOverride(DriftTest test, Double threshold) {}

    /**
     * Baselines.
     *
     * @param capture          how a version without a baseline gets one
     * @param captureMinEvents events a captured baseline needs at least
     */
    public record BaselineSettings(CapturePolicy capture, long captureMinEvents) {}

    /** How a model version without a baseline gets one. */
    public enum CapturePolicy {
        /** Never: such a version is compared with the model's latest baseline, or not at all. */
        OFF,
        /** From its first window that has at least the minimum number of events. */
        FIRST_WINDOW,
        /** From its first windows, accumulated until they hold at least the minimum number of events. */
        FIRST_N_EVENTS
    }

    /**
     * Delayed labels and quality.
     *
     * @param enabled          join outcomes to predictions (turn off for a deployment without labels)
     * @param horizon          how long a prediction waits for its outcome, and a window for late labels
     * @param negativeLabel    the negative class of binary classifiers (the positive one is in the profile settings)
     * @param revisionInterval how often at most a closed window is re-reported as late labels change its quality
     * @param baselineWindows  labelled windows whose quality becomes the baseline when the reference has none
     * @param baselineMinLabelled labelled predictions a window needs to count towards that baseline
     * @param detectors        concept-drift detectors fed with per-prediction errors (adwin, ddm, page_hinkley)
     * @param joinLayout       where the join runs: in the task that reads the events when the topics are
     *                         co-partitioned, or after re-keying every event by prediction id (docs/architecture.md)
     * @param completeAfter    how long after a window ends (event time) its labels are all in, or null when
     *                         unknown; the accuracy-drop test then spends half its level on the report made then
     */
    public record LabelSettings(boolean enabled, Duration horizon, String negativeLabel, Duration revisionInterval,
                                int baselineWindows, long baselineMinLabelled, List<String> detectors,
                                JoinLayout joinLayout, Duration completeAfter) {

        /**
         * Whether a window ending at {@code windowEnd} has all its labels by event time {@code watermark}: null
         * when no completion delay is configured ({@code labels.complete.after}), so nobody can tell.
         */
        public Boolean complete(long windowEnd, long watermark) {
            if (completeAfter == null) {
                return null;
            }
            return watermark != Long.MIN_VALUE && windowEnd + completeAfter.toMillis() <= watermark;
        }
    }

    /**
     * Fairness figures.
     *
     * @param protectedAttributes segment attributes fairness is computed for
     * @param referenceGroups     per attribute, the group others are compared with (else the best group)
     * @param minGroupCount       groups with fewer predictions are left out of the comparison
     */
    public record FairnessSettings(List<String> protectedAttributes, Map<String, String> referenceGroups, long minGroupCount) {}

    /**
     * Alert rules.
     *
     * @param rulesFile      YAML rules file, re-read when it changes; null for the shipped defaults
     * @param reloadInterval how often the file is checked for changes
     * @param runbookBaseUrl absolute http(s) address relative runbook_url paths are resolved under, or null
     *                       to publish them as written
     */
    public record AlertSettings(java.nio.file.Path rulesFile, Duration reloadInterval, String runbookBaseUrl) {

        /** Without a runbook base: links as the rules write them. */
        public AlertSettings(java.nio.file.Path rulesFile, Duration reloadInterval) {
            this(rulesFile, reloadInterval, null);
        }

        /** How the rules' runbook links are published. */
        public io.driftwatch.alerting.RunbookLinks runbookLinks() {
            return runbookBaseUrl == null ? io.driftwatch.alerting.RunbookLinks.asWritten()
                : io.driftwatch.alerting.RunbookLinks.under(runbookBaseUrl);
        }
    }

    /**
     * Comparisons of live model versions (canary, shadow, A/B; docs/comparisons.md).
     *
     * @param file           YAML comparisons file, re-read when it changes; null for discovery with the standard margins
     * @param reloadInterval how often the file is checked for changes
     */
    public record ComparisonSettings(java.nio.file.Path file, Duration reloadInterval) {}

    /**
     * Restores, tasks and readers of the output held by an open transaction.
     *
     * @param stallTimeout            how long the restore of a changelog partition, a task's position at an open
     *                                transaction, or an output partition's last stable offset below its end, may go
     *                                without progress before Driftwatch asks the broker what holds it
     * @param abortHangingTransactions whether a transaction that holds it and that its coordinator no longer
     *                                tracks (a hanging transaction) is aborted, on the topics only Driftwatch writes,
     *                                or only reported with the command that aborts it
     */
    public record HangingTransactionSettings(Duration stallTimeout, boolean abortHangingTransactions) {}

    /**
     * The HTTP endpoints (metrics, health, query API).
     *
     * @param maxFeatureSeries per-feature metric series exported at most (the rest are counted, not exported)
     * @param kafkaMetrics     every metric of the Kafka clients and Streams on /metrics, not only the default subset
     * @param advertisedUrl    how other instances reach this one's API (for requests about keys held here);
     *                         by default http://host:port with the local host name
     */
    public record HttpSettings(String host, int port, int maxFeatureSeries, String advertisedUrl, boolean kafkaMetrics) {

        /** Without the Kafka clients' own metrics beyond the default subset ({@code metrics.kafka=false}). */
        public HttpSettings(String host, int port, int maxFeatureSeries, String advertisedUrl) {
            this(host, port, maxFeatureSeries, advertisedUrl, false);
        }
    }

    private static final String KAFKA_PREFIX = "kafka.";
    private static final String FEATURE_PREFIX = "drift.feature.";
    private static final List<String> SERDE_PREFIXES = List.of(
        "schema.registry.", "basic.auth.", "bearer.auth.", "auto.register.schemas", "use.latest.version",
        "key.subject.name.strategy", "value.subject.name.strategy");

    /** Parses a duration written as in the configuration: 500ms, 30s, 5m, 2h, 7d or ISO-8601. */
    public static Duration parseDuration(String text) {
        return DurationParser.parse(text);
    }

    /** Reads and validates; throws {@link ConfigException} listing every problem. */
    public static DriftwatchConfig from(Map<String, String> props) {
        return from(props, java.util.Set.of());
    }

    /**
     * Reads and validates, like {@link #from(Map)}, except that unknown keys listed in
     * {@code fromEnvironment} are ignored with a warning: a {@code DRIFTWATCH_*} variable meant for
     * something else (the launcher's {@code DRIFTWATCH_JAVA_OPTS}, a CI switch) must not stop start-up.
     */
    public static DriftwatchConfig from(Map<String, String> props, java.util.Set<String> fromEnvironment) {
        ConfigReader r = new ConfigReader(props);

        TopicNames topics = new TopicNames(
            r.string("topic.predictions", "predictions"),
            r.string("topic.outcomes", "outcomes"),
            r.string("topic.baselines", "baselines"),
            r.string("topic.alerts", "alerts"),
            r.string("topic.audit", "audit"),
            r.string("topic.window.reports", "window-reports"),
            r.string("topic.dead.letter", "dead-letter"),
            r.string("topic.comparisons", "comparisons"));

        Formats formats = new Formats(
            r.enumValue("input.format", InputFormat.class, InputFormat.AUTO),
            r.enumValue("output.format", OutputFormat.class, OutputFormat.JSON),
            r.intValue("input.max.record.bytes", 524_288, 1_024, Integer.MAX_VALUE));

        WindowSettings windows = new WindowSettings(
            r.duration("window.size", Duration.ofMinutes(5), Duration.ofSeconds(1)),
            r.duration("window.grace", Duration.ofMinutes(1), Duration.ZERO),
            r.duration("window.idle.timeout", Duration.ofSeconds(30), Duration.ofMillis(100)),
            r.duration("window.heartbeat.interval", Duration.ofSeconds(1), Duration.ofMillis(50)),
            r.duration("window.stall.timeout", Duration.ofMinutes(5), Duration.ofSeconds(1)),
            r.duration("window.max.lead", Duration.ofSeconds(5), Duration.ZERO),
            r.longValue("window.memory.max.bytes", WindowSettings.DEFAULT_MEMORY_MAX_BYTES, 0, Long.MAX_VALUE));

        int kllK = r.intValue("profile.kll.k", ProfileSettings.DEFAULT_KLL_K, 8, 65535);
        int maxCategories = r.intValue("profile.max.categories", ProfileSettings.DEFAULT_MAX_CATEGORIES, 2, 100_000);
        List<String> segmentAttributes = r.list("segments.attributes");
        int maxSegmentValues = r.intValue("segments.max.values", ProfileSettings.DEFAULT_MAX_SEGMENT_VALUES, 1, 10_000);
        String positiveLabel = r.string("labels.positive.class", "1");
        double decisionThreshold = r.doubleValue("labels.decision.threshold", 0.5, 1e-9, 1 - 1e-9);
        int maxFeatures = r.intValue("profile.max.features", ProfileSettings.DEFAULT_MAX_FEATURES, 1, 1_000_000);
        ProfileSettings profile = new ProfileSettings(kllK, maxCategories, segmentAttributes, maxSegmentValues,
            positiveLabel, decisionThreshold, maxFeatures);

        List<String> detectors = r.list("labels.detectors");
        if (props.get("labels.detectors") == null) {
            detectors = List.of("adwin", "ddm", "page_hinkley");
        }
        for (String d : detectors) {
            if (!List.of("adwin", "ddm", "page_hinkley").contains(d)) {
                r.problem("labels.detectors contains '" + d + "'; use a comma-separated list of adwin, ddm, page_hinkley (or leave it empty for none).");
            }
        }
        LabelSettings labels = new LabelSettings(
            r.bool("labels.enabled", true),
            r.duration("labels.horizon", Duration.ofDays(7), Duration.ofSeconds(1)),
            r.string("labels.negative.class", "0"),
            r.duration("labels.revision.interval", Duration.ofMinutes(1), Duration.ofMillis(100)),
            r.intValue("labels.baseline.windows", 3, 1, 1000),
            r.longValue("labels.baseline.min.labelled", 100, 1, Long.MAX_VALUE),
            List.copyOf(detectors),
            r.enumValue("labels.join.layout", JoinLayout.class, JoinLayout.AUTO),
            r.duration("labels.complete.after", null, Duration.ofSeconds(1)));
        if (labels.completeAfter() != null && labels.completeAfter().compareTo(labels.horizon()) > 0) {
            r.problem("labels.complete.after=" + props.get("labels.complete.after") + " is longer than labels.horizon ("
                + labels.horizon() + "); a window is forgotten at the horizon, so its labels are complete by then at the"
                + " latest: set labels.complete.after to at most the horizon, or leave it unset.");
        }
        if (labels.negativeLabel().equals(positiveLabel)) {
            r.problem("labels.negative.class and labels.positive.class are both '" + positiveLabel + "'; give the two classes different labels.");
        }

        List<String> protectedAttributes = r.list("fairness.attributes");
        Map<String, String> referenceGroups = new HashMap<>();
        for (String key : props.keySet()) {
            if (key.startsWith("fairness.reference.")) {
                r.markRead(key);
                referenceGroups.put(key.substring("fairness.reference.".length()), props.get(key).trim());
            }
        }
        for (String attribute : protectedAttributes) {
            if (!segmentAttributes.contains(attribute)) {
                r.problem("fairness.attributes names '" + attribute + "', which is not in segments.attributes; add it there"
                    + " so its groups are counted.");
            }
        }
        FairnessSettings fairness = new FairnessSettings(List.copyOf(protectedAttributes), Map.copyOf(referenceGroups),
            r.longValue("fairness.min.group.count", 30, 1, Long.MAX_VALUE));

        Map<String, FeatureOverride> overrides = featureOverrides(props, r);
        DriftSettingsConfig drift = new DriftSettingsConfig(
            r.intValue("drift.psi.bins", io.driftwatch.stats.DriftSettings.DEFAULT_PSI_BINS, 2, io.driftwatch.stats.DriftSettings.MAX_PSI_BINS),
            r.longValue("drift.min.sample.size", io.driftwatch.stats.DriftSettings.DEFAULT_MIN_SAMPLE_SIZE, 1, Long.MAX_VALUE),
            r.doubleValue("drift.dataset.drift.share", 0.5, 0.0, 1.0),
            overrides);

        BaselineSettings baseline = new BaselineSettings(
            r.enumValue("baseline.capture", CapturePolicy.class, CapturePolicy.FIRST_WINDOW),
            r.longValue("baseline.capture.min.events", 500, 1, Long.MAX_VALUE));

        HttpSettings http = new HttpSettings(
            r.string("http.host", "0.0.0.0"),
            r.intValue("http.port", 8080, 0, 65535),
            r.intValue("metrics.max.feature.series", 2000, 0, 1_000_000),
            r.string("http.advertised.url", null),
            r.bool("metrics.kafka", false));

        HangingTransactionSettings hangingTransactions = new HangingTransactionSettings(
            r.duration("hanging.transactions.stall.timeout", Duration.ofMinutes(1), Duration.ofSeconds(1)),
            r.bool("hanging.transactions.abort", true));

        String rulesFile = r.string("rules.file", null);
        java.nio.file.Path rulesPath = null;
        if (rulesFile != null) {
            rulesPath = java.nio.file.Path.of(rulesFile);
            if (!java.nio.file.Files.isReadable(rulesPath)) {
                r.problem("rules.file=" + rulesFile + " cannot be read; give the path of a YAML rules file"
                    + " (see docs/alerting.md), or leave rules.file unset for the shipped defaults.");
            }
        }
        String runbookBase = r.string(io.driftwatch.alerting.RunbookLinks.BASE_KEY, null);
        if (runbookBase != null) {
            io.driftwatch.alerting.RunbookLinks.problemWith(runbookBase).ifPresent(r::problem);
        }
        AlertSettings alerts = new AlertSettings(rulesPath,
            r.duration("rules.reload.interval", Duration.ofSeconds(10), Duration.ofMillis(100)),
            runbookBase == null ? null : runbookBase.trim());

        String comparisonsFile = r.string("comparisons.file", null);
        java.nio.file.Path comparisonsPath = null;
        if (comparisonsFile != null) {
            comparisonsPath = java.nio.file.Path.of(comparisonsFile);
            if (!java.nio.file.Files.isReadable(comparisonsPath)) {
                r.problem("comparisons.file=" + comparisonsFile + " cannot be read; give the path of a YAML comparisons file"
                    + " (see docs/comparisons.md), or leave comparisons.file unset to discover canaries and shadows.");
            }
        }
        ComparisonSettings comparisons = new ComparisonSettings(comparisonsPath,
            r.duration("comparisons.reload.interval", Duration.ofSeconds(10), Duration.ofMillis(100)));

        Map<String, Object> kafka = new LinkedHashMap<>();
        Map<String, Object> serde = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), e.getValue());
                r.markRead(key);
            } else if (SERDE_PREFIXES.stream().anyMatch(key::startsWith)) {
                serde.put(key, e.getValue());
                r.markRead(key);
            }
        }
        passThrough(r, kafka, "bootstrap.servers");
        passThrough(r, kafka, "application.id");

        int maxRequest = maxRequestSize(kafka, r);
        if (formats.maxRecordBytes() > maxRequest - Formats.DEAD_LETTER_HEADROOM) {
            r.problem("input.max.record.bytes=" + formats.maxRecordBytes() + " leaves no room for the dead-letter headers"
                + " under the producer's max.request.size=" + maxRequest + "; set it to at most "
                + (maxRequest - Formats.DEAD_LETTER_HEADROOM) + ", or raise kafka.producer.max.request.size (and the"
                + " dead-letter topic's max.message.bytes) first.");
        }
        if (windows.grace().compareTo(windows.size().multipliedBy(10)) > 0) {
            r.problem("window.grace=" + props.get("window.grace") + " is more than ten windows; late events that"
                + " far behind keep every window open. Use a grace shorter than window.size x 10.");
        }
        if (!windows.maxLead().isZero() && windows.maxLead().compareTo(windows.grace()) >= 0) {
            // Allowed (a test whose clock stands still needs it), but one event stamped within the lead carries event time
            // that far past the clock, and an on-time event arriving in the last window.max.lead of its grace is late.
            org.slf4j.LoggerFactory.getLogger(DriftwatchConfig.class).warn("window.max.lead={} ms is not below"
                + " window.grace={} ms: one event stamped that far ahead of the clock makes on-time events late; keep it"
                + " well below the grace", windows.maxLead().toMillis(), windows.grace().toMillis());
        }
        if (formats.output() == OutputFormat.AVRO && !serde.containsKey("schema.registry.url")) {
            r.problem("output.format=avro needs schema.registry.url (e.g. http://localhost:8081, or mock://NAME in"
                + " tests); set it, or use output.format=json.");
        }
        if (formats.input() == InputFormat.AVRO && !serde.containsKey("schema.registry.url")) {
            r.problem("input.format=avro needs schema.registry.url to resolve writers' schemas; set it, or use"
                + " input.format=json (or auto, which accepts JSON without a registry).");
        }
        rejectUnknown(props, fromEnvironment, r);
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return new DriftwatchConfig(topics, formats, windows, profile, drift, baseline, labels, fairness, alerts, comparisons, http,
            hangingTransactions, Map.copyOf(kafka), Map.copyOf(serde));
    }

    /** The request size Driftwatch's producer is configured with (kafka.producer.max.request.size or kafka.max.request.size). */
    private static int maxRequestSize(Map<String, Object> kafka, ConfigReader r) {
        Object v = kafka.getOrDefault("producer.max.request.size", kafka.get("max.request.size"));
        if (v == null) {
            return Formats.DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            r.problem("kafka.producer.max.request.size=" + v + " is not a whole number of bytes; write e.g. 1048576.");
            return Formats.DEFAULT_MAX_REQUEST_SIZE;
        }
    }

    private static void passThrough(ConfigReader r, Map<String, Object> kafka, String key) {
        String v = r.string(key, null);
        if (v != null) {
            kafka.putIfAbsent(key, v);
        }
    }

    private static Map<String, FeatureOverride> featureOverrides(Map<String, String> props, ConfigReader r) {
        Map<String, DriftTest> tests = new HashMap<>();
        Map<String, Double> thresholds = new HashMap<>();
        for (String key : new TreeSet<>(props.keySet())) {
            if (!key.startsWith(FEATURE_PREFIX)) {
                continue;
            }
            r.markRead(key);
            String rest = key.substring(FEATURE_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String feature = dot > 0 ? rest.substring(0, dot) : "";
            String field = dot > 0 ? rest.substring(dot + 1) : rest;
            String value = props.get(key).trim();
            if (feature.isEmpty() || !(field.equals("test") || field.equals("threshold"))) {
                r.problem(key + " is not a feature override; write drift.feature.<name>.test or drift.feature.<name>.threshold.");
            } else if (field.equals("test")) {
                try {
                    tests.put(feature, DriftTest.fromId(value.toLowerCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    r.problem(key + "=" + value + ": " + e.getMessage());
                }
            } else {
                try {
                    double t = Double.parseDouble(value);
                    if (!(t >= 0) || Double.isInfinite(t)) {
                        throw new NumberFormatException();
                    }
                    thresholds.put(feature, t);
                } catch (NumberFormatException e) {
                    r.problem(key + "=" + value + " is not a threshold; use a non-negative number (a p-value"
                        + " level such as 0.05 for ks, chi_square and z_test, a distance such as 0.1 otherwise).");
                }
            }
        }
        Map<String, FeatureOverride> out = new HashMap<>();
        for (String f : new TreeSet<>(union(tests.keySet(), thresholds.keySet()))) {
            out.put(f, new FeatureOverride(tests.get(f), thresholds.get(f)));
        }
        return Map.copyOf(out);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static void rejectUnknown(Map<String, String> props, java.util.Set<String> fromEnvironment, ConfigReader r) {
        List<String> known = new ArrayList<>(r.readKeys());
        for (String key : new TreeSet<>(props.keySet())) {
            if (!r.readKeys().contains(key) && fromEnvironment.contains(key)) {
                org.slf4j.LoggerFactory.getLogger(DriftwatchConfig.class).warn(
                    "Ignoring environment variable {}: {} is not a Driftwatch setting", ConfigSources.variableOf(key), key);
            } else if (!r.readKeys().contains(key)) {
                String nearest = KeySuggestion.nearest(key, known);
                r.problem(key + " is not a Driftwatch setting" + (nearest == null ? "." : "; did you mean " + nearest + "?")
                    + " Kafka client and Streams settings go under the kafka. prefix (e.g. kafka." + key + ").");
            }
        }
    }
}
