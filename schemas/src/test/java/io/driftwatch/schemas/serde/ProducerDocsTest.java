package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.validation.EventValidator;
import io.driftwatch.schemas.validation.ValidationLimits;
import io.driftwatch.schemas.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JSON examples in docs/producers.md decode and pass validation, so a user can paste them. */
class ProducerDocsTest {

    /** {@code printf 'key:{json}\n' "$(date …)"}: the doc stamps each event with the time it is sent. */
    private static final Pattern KCAT_LINE = Pattern.compile("printf '([^:']+):(\\{.*})\\\\n'");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final EventValidator validator = new EventValidator(ValidationLimits.defaults(),
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    private static String producersDoc() throws IOException {
        return Files.readString(Path.of(System.getProperty("driftwatch.docs.dir", "../docs"), "producers.md"));
    }

    @Test
    void theJsonShapeExampleIsTheTestPrediction() throws IOException {
        Matcher block = JSON_BLOCK.matcher(producersDoc());
        assertThat(block.find()).isTrue();
        PredictionEvent event = InputEventDecoder.predictions(registry).decode(block.group(1).getBytes(StandardCharsets.UTF_8)).event();
        assertThat(event).isEqualTo(TestEvents.prediction());
    }

    @Test
    void theKcatExamplesDecodeAndAreValid() throws IOException {
        List<String> values = new ArrayList<>();
        Matcher line = KCAT_LINE.matcher(producersDoc());
        while (line.find()) {
            values.add(line.group(2));
        }
        assertThat(values).hasSize(2);
        // What the shell's $(date …) puts in place of %s, a minute and half a minute before the validator's clock.
        String predictionJson = values.get(0).replace("%s", "2026-11-22T11:59:00Z");
        String outcomeJson = values.get(1).replace("%s", "1795348770");
        PredictionEvent prediction = InputEventDecoder.predictions(registry).decode(predictionJson.getBytes(StandardCharsets.UTF_8)).event();
        OutcomeEvent outcome = InputEventDecoder.outcomes(registry).decode(outcomeJson.getBytes(StandardCharsets.UTF_8)).event();
        assertThat(validator.validate(prediction)).isEqualTo(ValidationResult.VALID);
        assertThat(validator.validate(outcome)).isEqualTo(ValidationResult.VALID);
        assertThat(outcome.getPredictionId()).isEqualTo(prediction.getPredictionId());
        assertThat(outcome.getEventTime()).isAfter(prediction.getEventTime());
    }
}
