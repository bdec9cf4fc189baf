package io.driftwatch.connect;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link AlertmanagerSinkConnector} and its tasks. */
public final class AlertmanagerSinkConfig extends AbstractConfig {

    static final String GROUP = "Alertmanager";

    public static final String URLS = "alertmanager.urls";
    public static final String REPOST_INTERVAL_MS = "alertmanager.repost.interval.ms";
    public static final String BATCH_MAX_SIZE = "alertmanager.batch.max.size";
    public static final String GENERATOR_URL = "alertmanager.generator.url";
    public static final String STATE_REBUILD = "alertmanager.state.rebuild";

    /** A firing alert stays active this many re-post intervals without a re-post, as in Prometheus. */
    static final int VALIDITY_IN_INTERVALS = 4;

    private static final String ALERTS_PATH = "/api/v2/alerts";

    public AlertmanagerSinkConfig(Map<String, String> props) {
        this(props, true);
    }

    /** @param log whether to log the values (Connect's validate calls should not) */
    AlertmanagerSinkConfig(Map<String, String> props, boolean log) {
        super(configDef(), props, log);
    }

    public static ConfigDef configDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(URLS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, HttpUrlValidator.nonEmptyList(), Importance.HIGH,
                        "Alertmanager base URLs, comma-separated, e.g. http://alertmanager:9093; " + ALERTS_PATH
                                + " is appended unless a URL already ends with it. List every member of an"
                                + " Alertmanager cluster (do not load-balance): each gets every alert, and a batch"
                                + " counts as delivered when at least one member accepted it.",
                        GROUP, ++order, Width.LONG, "Alertmanager URLs")
                .define(REPOST_INTERVAL_MS, Type.LONG, 60_000L, Range.between(1_000, 3_600_000), Importance.MEDIUM,
                        "How often, in milliseconds, every alert that is still firing is posted again. A posted"
                                + " firing alert is valid for " + VALIDITY_IN_INTERVALS + " intervals (endsAt), so"
                                + " Alertmanager resolves it by itself if the connector stops re-posting.",
                        GROUP, ++order, Width.SHORT, "Re-post interval (ms)")
                .define(BATCH_MAX_SIZE, Type.INT, 64, Range.between(1, 1_000), Importance.LOW,
                        "Most alerts in one POST.",
                        GROUP, ++order, Width.SHORT, "Batch size")
                .define(GENERATOR_URL, Type.STRING, "", Importance.LOW,
                        "Optional link back to the source, sent as each alert's generatorURL. The placeholders"
                                + " {model_id}, {model_version}, {rule} and {fingerprint} are replaced (URL-encoded),"
                                + " e.g. http://driftwatch:8080/models/{model_id}/alerts. Empty for none.",
                        GROUP, ++order, Width.LONG, "Generator URL")
                .define(STATE_REBUILD, Type.BOOLEAN, true, Importance.MEDIUM,
                        "When a task is assigned partitions, read them again from the beginning to learn which"
                                + " alerts are still firing, so that re-posting continues across restarts and"
                                + " rebalances. Replayed records are not posted one by one: once the task has caught"
                                + " up, it posts the firing alerts and the alerts resolved within the last "
                                + VALIDITY_IN_INTERVALS + " re-post intervals. When false, a restarted task re-posts"
                                + " only alerts it has read since, and Alertmanager resolves the others after their"
                                + " validity.",
                        GROUP, ++order, Width.SHORT, "Rebuild state on start");
        return HttpConfig.define(def);
    }

    /** The {@code /api/v2/alerts} endpoints, one per configured Alertmanager. */
    List<HttpEndpoint> endpoints() {
        return getList(URLS).stream().map(url -> HttpEndpoint.shown(alertsUri(url.trim()))).toList();
    }

    static URI alertsUri(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(url.endsWith(ALERTS_PATH) ? url : url + ALERTS_PATH);
    }

    Duration repostInterval() {
        return Duration.ofMillis(getLong(REPOST_INTERVAL_MS));
    }

    /** How long a posted firing alert stays active in Alertmanager without a re-post. */
    Duration firingValidity() {
        return repostInterval().multipliedBy(VALIDITY_IN_INTERVALS);
    }

    int batchMaxSize() {
        return getInt(BATCH_MAX_SIZE);
    }

    String generatorUrlTemplate() {
        return getString(GENERATOR_URL);
    }

    boolean rebuildState() {
        return getBoolean(STATE_REBUILD);
    }

    HttpSettings http() {
        return HttpConfig.settings(this);
    }
}
