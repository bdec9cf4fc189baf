package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.config.DriftwatchConfig;
import java.net.URI;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdvertisedEndpointTest {

    @Test
    void theAdvertisedUrlWinsOverTheBoundAddress() {
        AdvertisedEndpoint e = AdvertisedEndpoint.of(settings("0.0.0.0", "http://driftwatch-0.driftwatch:18080/"), 8080);

        assertThat(e).isEqualTo(new AdvertisedEndpoint("driftwatch-0.driftwatch", 18080));
        assertThat(e.applicationServer()).isEqualTo("driftwatch-0.driftwatch:18080");
        assertThat(e.baseUrl()).isEqualTo(URI.create("http://driftwatch-0.driftwatch:18080"));
    }

    @Test
    void otherwiseTheBoundHostAndTheActualPort() {
        AdvertisedEndpoint e = AdvertisedEndpoint.of(settings("10.0.0.7", null), 41234);

        assertThat(e.applicationServer()).isEqualTo("10.0.0.7:41234");
    }

    @Test
    void aWildcardBindAdvertisesThisMachinesName() {
        AdvertisedEndpoint e = AdvertisedEndpoint.of(settings("0.0.0.0", null), 8080);

        assertThat(e.host()).isNotBlank().isNotEqualTo("0.0.0.0");
        assertThat(e.port()).isEqualTo(8080);
    }

    @Test
    void aUrlWithoutPortIsPort80() {
        assertThat(AdvertisedEndpoint.fromUrl("http://driftwatch").port()).isEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[fd00::7]:9000", "http://10.0.0.7:9000", "http://driftwatch-2:9000"})
    void kafkaStreamsReadsTheApplicationServerBackAsTheSameHost(String url) {
        // ownerOf compares Kafka Streams' HostInfo of each instance with this instance's own: they must be equal.
        AdvertisedEndpoint e = AdvertisedEndpoint.fromUrl(url);

        assertThat(HostInfo.buildFromEndpoint(e.applicationServer())).isEqualTo(e.hostInfo());
        assertThat(e.baseUrl()).isEqualTo(URI.create(url));
    }

    @Test
    void anApplicationServerConfiguredDirectlyIsTakenAsItIs() {
        assertThat(AdvertisedEndpoint.fromApplicationServer("driftwatch-3:9090"))
            .isEqualTo(new AdvertisedEndpoint("driftwatch-3", 9090));
        assertThat(AdvertisedEndpoint.fromApplicationServer("[fd00::7]:9090").hostInfo())
            .isEqualTo(new HostInfo("fd00::7", 9090));
        assertThatThrownBy(() -> AdvertisedEndpoint.fromApplicationServer("driftwatch-3"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application.server=driftwatch-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://driftwatch:8443", "http://driftwatch:8080/api", "driftwatch:8080",
        "http://driftwatch:8080?x=1", "http:// bad"})
    void urlsOtherInstancesCannotCallAreRejectedNamingTheSetting(String url) {
        assertThatThrownBy(() -> AdvertisedEndpoint.fromUrl(url)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("http.advertised.url=" + url);
    }

    private static DriftwatchConfig.HttpSettings settings(String host, String advertisedUrl) {
        return new DriftwatchConfig.HttpSettings(host, 8080, 2000, advertisedUrl);
    }
}
