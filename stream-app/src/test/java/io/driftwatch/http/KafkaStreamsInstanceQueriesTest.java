package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.topology.TopologyStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Streams side of the queries, as far as it goes without a broker: before Kafka Streams
 * runs and after it stops, every query is "unavailable" (503), never an error; the URL mapping of
 * instances. The queries against running stores and real partition metadata need a broker and are
 * left to the end-to-end test of the application.
 */
class KafkaStreamsInstanceQueriesTest {

    private static final TopologyStores STORES = TopologyStores.defaults();
    private static final HostInfo SELF = new HostInfo("10.0.0.7", 8080);

    @TempDir
    Path stateDir;
    private KafkaStreams streams;

    @BeforeEach
    void create() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORES.latestReports()),
            Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORES.activeAlerts()),
            Serdes.String(), Serdes.ByteArray()));
        builder.stream("model-bus", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .process(() -> new Processor<String, byte[], Void, Void>() {
                @Override
                public void process(Record<String, byte[]> record) {
                }
            }, STORES.latestReports(), STORES.activeAlerts());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "driftwatch-http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.7:8080");
        streams = new KafkaStreams(builder.build(), props);
    }

    @AfterEach
    void close() {
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void beforeKafkaStreamsStartsEveryQueryIsUnavailableNotAnError() {
        KafkaStreamsInstanceQueries queries = new KafkaStreamsInstanceQueries(streams, STORES, SELF);

        assertThat(queries.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThatThrownBy(queries::localLatestReports).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("store 'latest-reports'").hasMessageContaining("CREATED");
        assertThatThrownBy(queries::localActiveAlerts).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("store 'active-alerts'");
        assertThatThrownBy(() -> queries.ownerOf("fraud")).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("owner of model 'fraud'");
        assertThatThrownBy(queries::otherInstances).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void afterKafkaStreamsStopsQueriesAreUnavailableToo() {
        KafkaStreamsInstanceQueries queries = new KafkaStreamsInstanceQueries(streams, STORES, SELF);
        streams.close(Duration.ofSeconds(5));

        assertThat(queries.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThatThrownBy(queries::localLatestReports).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("NOT_RUNNING");
        assertThatThrownBy(() -> queries.ownerOf("fraud")).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("NOT_RUNNING");
        assertThatThrownBy(queries::otherInstances).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void theApiAnswers503WithTheStateMeanwhile() throws Exception {
        try (DriftwatchHttpServer server = new DriftwatchHttpServer(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new KafkaStreamsInstanceQueries(streams, STORES, SELF)).start("127.0.0.1", 0)) {
            HttpResponse<String> models = ApiClient.get(server.url() + "/api/models");
            assertThat(models.statusCode()).isEqualTo(503);
            assertThat(models.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(ApiClient.json(models).path("error").asText()).contains("CREATED");
            assertThat(ApiClient.get(server.url() + "/ready").body()).contains("CREATED");
        }
    }

    @Test
    void withoutAnAdvertisedEndpointTheInstanceAnswersAloneForEveryModel() {
        KafkaStreamsInstanceQueries alone = new KafkaStreamsInstanceQueries(streams, STORES, HostInfo.unavailable());

        assertThat(alone.ownerOf("fraud")).isEmpty();
        assertThat(alone.otherInstances()).isEmpty();
    }

    @Test
    void instancesAreReachedAtHttpHostPort() {
        assertThat(KafkaStreamsInstanceQueries.baseUrl(new HostInfo("driftwatch-1.driftwatch", 8080)))
            .isEqualTo(URI.create("http://driftwatch-1.driftwatch:8080"));
        assertThat(KafkaStreamsInstanceQueries.baseUrl(new HostInfo("fd00::7", 9000)))
            .isEqualTo(URI.create("http://[fd00::7]:9000"));
    }
}
