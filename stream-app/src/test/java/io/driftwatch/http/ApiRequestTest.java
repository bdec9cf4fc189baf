package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    @Test
    void pathSegmentsArePercentDecodedAndPlusIsAPlus() {
        ApiRequest r = ApiRequest.of("GET", "/api/models/a%2Fb+c%20d/reports/latest/", null, null, null);

        assertThat(r.segments()).containsExactly("api", "models", "a/b+c d", "reports", "latest");
        assertThat(r.path()).isEqualTo("/api/models/a/b+c d/reports/latest");
        assertThat(r.target()).isEqualTo("/api/models/a%2Fb+c%20d/reports/latest/");
    }

    @Test
    void queryParametersAreFormDecodedAndTheFirstOfARepeatedNameCounts() {
        ApiRequest r = ApiRequest.of("GET", "/api/alerts", "model=fraud+eu&severity=&model=other&flag", null, null);

        assertThat(r.query()).isEqualTo(Map.of("model", "fraud eu", "severity", "", "flag", ""));
        assertThat(r.param("model")).isEqualTo("fraud eu");
        assertThat(r.param("severity")).as("empty means absent").isNull();
        assertThat(r.target()).isEqualTo("/api/alerts?model=fraud+eu&severity=&model=other&flag");
    }

    @Test
    void localOnlyWhenForwardedOrAskedFor() {
        assertThat(ApiRequest.of("GET", "/api/models", null, null, null).localOnly()).isFalse();
        assertThat(ApiRequest.of("GET", "/api/models", null, "true", null).localOnly()).isTrue();
        assertThat(ApiRequest.of("GET", "/api/models", null, "TRUE", null).localOnly()).isTrue();
        assertThat(ApiRequest.of("GET", "/api/models", null, "false", null).localOnly()).isFalse();
        assertThat(ApiRequest.of("GET", "/api/models", "scope=local", null, null).localOnly()).isTrue();
    }
}
