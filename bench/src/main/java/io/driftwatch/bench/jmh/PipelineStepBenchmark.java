package io.driftwatch.bench.jmh;

import io.driftwatch.audit.AuditChain;
import io.driftwatch.audit.AuditPayloads;
import io.driftwatch.audit.ChainHead;
import io.driftwatch.json.PlainJson;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.serde.AvroSerializer;
import io.driftwatch.schemas.serde.DecodedEvent;
import io.driftwatch.schemas.serde.InputEventDecoder;
import io.driftwatch.schemas.validation.EventValidator;
import io.driftwatch.schemas.validation.ValidationLimits;
import io.driftwatch.schemas.validation.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The other steps of the pipeline: decoding a 25-feature event from the registry wire format and
 * validating it (per event), encoding and decoding a window profile (per partial window and, for the
 * changelog, per dirty window at every commit), a window report as plain JSON (the output topic's
 * format, per report) and as canonical JSON (the payload of its audit record, per report), and one
 * audit-chain link (SHA-256 over those canonical bytes, per report).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineStepBenchmark {

    private static final String SCOPE = "jmh-pipeline";

    private byte[][] wire;
    private byte[][] wireTenModels;
    private byte[][] wireTenModelsOwnNames;
    private final Map<String, WindowProfile> profilesByModel = new java.util.HashMap<>();
    private PredictionEvent[] events;
    private InputEventDecoder<PredictionEvent> decoder;
    private io.driftwatch.schemas.serde.SpecificAvroDeserializer<PredictionEvent> avrosReader;
    private EventValidator validator;
    private final WindowProfileCodec codec = new WindowProfileCodec();
    private WindowProfile profile;
    private WindowProfile decodedInto;
    private byte[] encodedProfile;
    private final AuditChain chain = new AuditChain();
    private ChainHead head;
    private WindowReport report;
    private final PlainJson reportJson = new PlainJson(PlainJson.Timestamps.EPOCH_MILLIS);
    private String reportPayload;
    private Instant reportTime;
    private int i;

    @Setup(Level.Trial)
    public void data() {
        events = Fixtures.events(4096, 5);
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + SCOPE);
        wire = new byte[events.length][];
        try (AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>()) {
            serializer.configure(registry, false);
            for (int j = 0; j < events.length; j++) {
                wire[j] = serializer.serialize("predictions", events[j]);
            }
        }
        // The throughput bench's traffic: 10 models with Zipf skew 1, one profile each, as stage 1 keeps them.
        io.driftwatch.generator.TrafficGenerator tenModels = io.driftwatch.bench.load.Workload.standard().traffic()
            .generator(7, Fixtures.START);
        wireTenModels = new byte[4096][];
        wireTenModelsOwnNames = new byte[4096][];
        try (AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>()) {
            serializer.configure(registry, false);
            for (int j = 0; j < wireTenModels.length; j++) {
                PredictionEvent e = tenModels.next(Fixtures.START.plusMillis(j)).prediction();
                profilesByModel.putIfAbsent(e.getModelId(), new WindowProfile(io.driftwatch.profile.ProfileSettings.defaults()));
                wireTenModels[j] = serializer.serialize("predictions", e);
                // As models of different teams have them: every model's features named its own way.
                Map<String, Object> own = new java.util.LinkedHashMap<>();
                e.getFeatures().forEach((name, value) -> own.put(e.getModelId() + "." + name, value));
                e.setFeatures(own);
                wireTenModelsOwnNames[j] = serializer.serialize("predictions", e);
            }
        }
        decoder = InputEventDecoder.predictions(SchemaRegistryClient.fromConfigs(registry));
        avrosReader = new io.driftwatch.schemas.serde.SpecificAvroDeserializer<>(PredictionEvent.class,
            SchemaRegistryClient.fromConfigs(registry));
        avrosReader.configure(registry, false);
        validator = new EventValidator(ValidationLimits.defaults(), Clock.fixed(Fixtures.START.plusSeconds(3600), ZoneOffset.UTC));
        profile = Fixtures.profile(10_000, 6);
        decodedInto = new WindowProfile(io.driftwatch.profile.ProfileSettings.defaults());
        encodedProfile = codec.encode(profile);
        head = ChainHead.genesis("model-1");
        report = Fixtures.report(10_000);
        reportPayload = AuditPayloads.windowReport(report);
        reportTime = Fixtures.START.plusSeconds(60);
    }

    @TearDown(Level.Trial)
    public void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Benchmark
    public DecodedEvent<PredictionEvent> decodeAvro25Features() {
        return decoder.decode(wire[i++ & 4095]);
    }

    /** The throughput bench's ten models' events, interleaved as a partition holds them (Zipf skew 1). */
    @Benchmark
    public DecodedEvent<PredictionEvent> decodeTenModels() {
        return decoder.decode(wireTenModels[i++ & 4095]);
    }

    /** The same events, each model's features with names of their own (no name shared between models). */
    @Benchmark
    public DecodedEvent<PredictionEvent> decodeTenModelsOwnNames() {
        return decoder.decode(wireTenModelsOwnNames[i++ & 4095]);
    }

    /** The same records through Avro's own reader (the bare consumer's decode), for the monitor's reader to be compared with. */
    @Benchmark
    public PredictionEvent decodeAvro25FeaturesAvrosReader() {
        return avrosReader.deserialize("predictions", wire[i++ & 4095]);
    }

    /**
     * Decode, then add to a window profile, as stage 1 does: the decoder makes new feature-name strings
     * for every event, whose hash codes are not cached (unlike SketchBenchmark's pre-built events).
     */
    @Benchmark
    public long decodeAndProfile25Features() {
        decodedInto.add(decoder.decode(wire[i++ & 4095]).event());
        return decodedInto.events();
    }

    /**
     * The same for the throughput bench's ten models, each event added to its model's profile: ten profiles of
     * 25 accumulators in turn, as in stage 1, instead of one that stays in the CPU's caches.
     */
    @Benchmark
    public long decodeAndProfileTenModels() {
        PredictionEvent e = decoder.decode(wireTenModels[i++ & 4095]).event();
        WindowProfile p = profilesByModel.get(e.getModelId());
        p.add(e);
        return p.events();
    }

    @Benchmark
    public ValidationResult validate25Features() {
        return validator.validate(events[i++ & 4095]);
    }

    @Benchmark
    public byte[] encodeWindowProfile10kEvents() {
        return codec.encode(profile);
    }

    @Benchmark
    public WindowProfile decodeWindowProfile10kEvents() {
        return codec.decode(encodedProfile);
    }

    @Benchmark
    public byte[] outputJsonWindowReport() {
        return reportJson.toBytes(report);
    }

    @Benchmark
    public String auditPayloadWindowReport() {
        return AuditPayloads.windowReport(report);
    }

    @Benchmark
    public ChainHead auditAppendWindowReport() {
        head = chain.append(head, AuditType.WINDOW_EVALUATED, reportTime, "model-1/1@0", reportPayload).head();
        return head;
    }
}
