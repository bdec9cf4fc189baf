package io.driftwatch.schemas.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The fixture's decisions that need no running server: where the server is, and what it counted. */
class ApicurioRegistryTest {

    /** Lines as Apicurio 3.3.3 serves them on its management port's /metrics. */
    private static final String METRICS = """
        # HELP rest_requests_seconds
        # TYPE rest_requests_seconds summary
        rest_requests_seconds_count{method="GET",path="/apis/ccompat/v7/schemas/ids/{id}",status_code_group="2xx"} 3.0
        rest_requests_seconds_count{method="GET",path="/apis/ccompat/v7/schemas/ids/{id}",status_code_group="4xx"} 1.0
        rest_requests_seconds_sum{method="GET",path="/apis/ccompat/v7/schemas/ids/{id}",status_code_group="2xx"} 0.02
        rest_requests_seconds_count{method="POST",path="/apis/ccompat/v7/subjects/{subject}/versions",status_code_group="2xx"} 4.0
        rest_requests_seconds_count{method="POST",path="/apis/ccompat/v7/subjects/{subject}",status_code_group="2xx"} 2.0
        rest_requests_seconds_count{method="(unspecified)",path="(unspecified)",status_code_group="5xx"} 0.0
        """;

    @TempDir
    Path dir;

    @Test
    void countsRequestsOfOneMethodAndPathTemplateOverAllStatuses() {
        assertThat(ApicurioRegistry.requestCount(METRICS, "GET", "/apis/ccompat/v7/schemas/ids/{id}")).isEqualTo(4);
        assertThat(ApicurioRegistry.requestCount(METRICS, "POST", "/apis/ccompat/v7/subjects/{subject}/versions")).isEqualTo(4);
        assertThat(ApicurioRegistry.requestCount(METRICS, "POST", "/apis/ccompat/v7/subjects/{subject}")).isEqualTo(2);
        assertThat(ApicurioRegistry.requestCount(METRICS, "GET", "/apis/ccompat/v7/subjects")).isZero();
    }

    @Test
    void findsTheUnpackedServer() throws IOException {
        Files.createFile(dir.resolve("quarkus-run.jar"));

        assertThat(ApicurioRegistry.serverHome(dir.toString())).isEqualTo(dir);
    }

    @Test
    void withoutTheServerTheTestsAreSkippedOrInCiFail() {
        Class<? extends Throwable> expected = "1".equals(System.getenv(ApicurioRegistry.REQUIRE_TOOLS_ENV))
            ? AssertionFailedError.class : TestAbortedException.class;

        assertThatThrownBy(() -> ApicurioRegistry.serverHome(null)).isInstanceOf(expected)
            .hasMessageContaining(ApicurioRegistry.HOME_PROPERTY);
        assertThatThrownBy(() -> ApicurioRegistry.serverHome(dir.toString())).isInstanceOf(expected)
            .hasMessageContaining(dir.resolve("quarkus-run.jar") + " is missing")
            .hasMessageContaining("./mvnw verify");
    }
}
