package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.Severity;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @Test
    void alertDetailsThatAreNumbersAreJsonNumbersAndTextStaysText() {
        Alert alert = ApiFixtures.alert("a1", "fraud", "3", Severity.CRITICAL, Reports.T0);
        Map<String, String> details = new TreeMap<>();
        details.put("for", "2");
        details.put("statistic", "0.3512");
        details.put("p_value", "1.0E-6");
        details.put("test", "psi");
        details.put("description", "42");
        details.put("label", "007");
        alert.getEvidence().setDetails(details);

        JsonNode out = new ApiJson().alert(alert).path("evidence").path("details");
        assertThat(out.path("for").isNumber()).isTrue();
        assertThat(out.path("for").asInt()).isEqualTo(2);
        assertThat(out.path("statistic").decimalValue()).isEqualByComparingTo("0.3512");
        assertThat(out.path("p_value").doubleValue()).isEqualTo(1.0e-6);
        assertThat(out.path("test").asText()).isEqualTo("psi");
        // Free text, and what is not written as a number (a leading zero), stay strings.
        assertThat(out.path("description").isTextual()).isTrue();
        assertThat(out.path("label").isTextual()).isTrue();
    }
}
