package io.driftwatch.cli;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.generator.DemoSchedule;
import io.driftwatch.generator.DeploymentSplit;
import io.driftwatch.generator.PredictionType;
import io.driftwatch.generator.RunOptions;
import io.driftwatch.generator.RunSummary;
import io.driftwatch.generator.ScenarioKind;
import io.driftwatch.generator.TrafficConfig;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.generator.TrafficProducer;
import io.driftwatch.generator.TrafficRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch generate}: realistic traffic to any cluster. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Produces realistic prediction and outcome events to a Kafka cluster, with drift scenarios.",
        "Avro through the registry when --schema-registry-url is given, JSON otherwise. Prints progress every second."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--scenario", defaultValue = "stationary",
        description = "stationary, input-drift, latency-degradation, concept-drift, fairness-gap, missing-values; canary-regression, shadow, ab-better (two versions of each model, docs/comparisons.md); or demo (the five demo models). Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--scenario-start", defaultValue = "2m", description = "When the scenario's change starts (default: ${DEFAULT-VALUE}).")
    String scenarioStart;

    @Option(names = "--intensity", defaultValue = "1.0", description = "Strength of the scenario's change (default: ${DEFAULT-VALUE}).")
    double intensity;

    @Option(names = "--rate", defaultValue = "200", description = "Prediction events per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", description = "How long to run, e.g. 10m (default: until stopped or --max-events).")
    String duration;

    @Option(names = "--max-events", defaultValue = "0", description = "Stop after this many predictions (0: no limit).")
    long maxEvents;

    @Option(names = "--models", defaultValue = "3", description = "Models, traffic skewed across them (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--skew", defaultValue = "1.0", description = "Zipf exponent of traffic across models (default: ${DEFAULT-VALUE}).")
    double skew;

    @Option(names = "--numeric-features", defaultValue = "8", description = "Numeric features per model (default: ${DEFAULT-VALUE}).")
    int numeric;

    @Option(names = "--categorical-features", defaultValue = "3", description = "Categorical features per model (default: ${DEFAULT-VALUE}).")
    int categorical;

    @Option(names = "--type", defaultValue = "binary", description = "binary, multiclass or regression (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed gives the same events.")
    long seed;

    @Override
    public Integer call() throws Exception {
        TrafficGenerator generator = validate();
        DriftwatchConfig config = connection.loadAndReach();
        generator.changes().forEach(c -> System.err.println("  " + c));
        java.util.Map<String, Object> props = connection.clientProperties(config, ProducerConfig.configNames());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        RunOptions.Builder options = RunOptions.builder().rate(rate);
        if (duration != null) {
            options.duration(parse("--duration", duration));
        }
        if (maxEvents > 0) {
            options.maxEvents(maxEvents);
        }
        try (TrafficProducer producer = TrafficProducer.create(props, EventSerializers.predictions(config.serde(), Set.of()),
                 EventSerializers.outcomes(config.serde(), Set.of()), config.topics().predictions(), config.topics().outcomes())) {
            TrafficRunner runner = producer.runner(generator, options.build());
            Thread hook = new Thread(runner::stop, "generate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            RunSummary summary = runner.run(p -> System.err.printf("%s  %,d predictions  %,d outcomes  %,.0f/s%n",
                io.driftwatch.generator.ScheduledChange.format(p.elapsed()), p.predictionsSent(), p.outcomesSent(), p.currentRate()));
            producer.flush();
            System.err.printf("Done: %,d predictions and %,d outcomes in %s%n", summary.predictionsSent(), summary.outcomesSent(),
                io.driftwatch.generator.ScheduledChange.format(summary.elapsed()));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Already stopping: the hook has run.
            }
        }
        return 0;
    }

    /**
     * Every option checked before anything is sent: a wrong value is a usage error, not a half-run.
     *
     * @return the generator the options describe
     */
    private TrafficGenerator validate() {
        require(Double.isFinite(rate) && rate >= 0, "--rate " + rate + " must be 0 (as fast as possible) or more events per second.");
        require(models >= 1, "--models " + models + " must be at least 1.");
        require(numeric >= 0 && categorical >= 0 && numeric + categorical >= 1, "--numeric-features and"
            + " --categorical-features must be 0 or more, and at least one feature in all.");
        require(Double.isFinite(skew) && skew >= 0, "--skew " + skew + " must be 0 (even traffic) or more.");
        require(Double.isFinite(intensity) && intensity >= 0, "--intensity " + intensity + " must be 0 or more.");
        require(maxEvents >= 0, "--max-events " + maxEvents + " must be 0 (no limit) or more.");
        PredictionType predictionType = PredictionType.parse(type);
        Duration start = parse("--scenario-start", scenarioStart);
        if (duration != null) {
            require(!parse("--duration", duration).isZero(), "--duration must be positive, e.g. 10m.");
        }
        return generator(predictionType, start, Instant.now());
    }

    private TrafficGenerator generator(PredictionType predictionType, Duration scenarioStart, Instant now) {
        if (scenario.equalsIgnoreCase("demo")) {
            return DemoSchedule.standard().generator(seed, now);
        }
        TrafficConfig.Builder traffic = TrafficConfig.builder()
            .models(models).numericFeatures(numeric).categoricalFeatures(categorical).skew(skew)
            .type(predictionType);
        DeploymentSplit.Kind deployment = DeploymentSplit.Kind.parseOrNull(scenario);
        if (deployment != null) {
            // Canary, shadow and A/B scenarios deploy stationary traffic across two versions of each model.
            return traffic.build().generator(seed, now).deployed(DeploymentSplit.of(deployment, intensity), seed + 1);
        }
        return traffic.scenario(scenarioKind(), scenarioStart, intensity).build().generator(seed, now);
    }

    private ScenarioKind scenarioKind() {
        try {
            return ScenarioKind.parse(scenario);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Unknown scenario '" + scenario + "'; use one of "
                + Stream.concat(Arrays.stream(ScenarioKind.values()).map(ScenarioKind::id),
                    Arrays.stream(DeploymentSplit.Kind.values()).map(DeploymentSplit.Kind::id))
                    .collect(Collectors.joining(", ")) + " or demo.");
        }
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    static Duration parse(String option, String text) {
        try {
            return io.driftwatch.config.DriftwatchConfig.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + text + " is not a duration; write it like 30s, 10m or 2h.");
        }
    }
}
