package io.driftwatch.connect;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link WebhookSinkConnector} and its tasks. */
public final class WebhookSinkConfig extends AbstractConfig {

    static final String GROUP = "Webhook";

    public static final String URL = "webhook.url";
    public static final String FORMAT = "webhook.format";

    public WebhookSinkConfig(Map<String, String> props) {
        this(props, true);
    }

    /** @param log whether to log the values (Connect's validate calls should not) */
    WebhookSinkConfig(Map<String, String> props, boolean log) {
        super(configDef(), props, log);
    }

    public static ConfigDef configDef() {
        String[] formats = Arrays.stream(WebhookFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(URL, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, HttpUrlValidator.single(), Importance.HIGH,
                        "URL every alert is POSTed to. A PASSWORD because webhook URLs such as Slack's carry their"
                                + " secret in the path: Kafka Connect never logs it, and messages show only its scheme"
                                + " and host. Take it from a config provider, e.g."
                                + " ${file:/etc/kafka-connect/secrets/driftwatch.properties:webhook.url}.",
                        GROUP, ++order, Width.LONG, "Webhook URL")
                .define(FORMAT, Type.STRING, "json", ConfigDef.CaseInsensitiveValidString.in(formats), Importance.HIGH,
                        "Body of each request: 'json' for the alert as a JSON object (field names of Alert.avsc,"
                                + " times as ISO-8601), 'slack' for a Slack message with text and blocks (Slack"
                                + " incoming webhooks, Mattermost and other Slack-compatible receivers).",
                        GROUP, ++order, Width.SHORT, "Body format");
        return HttpConfig.define(def);
    }

    HttpEndpoint endpoint() {
        return HttpEndpoint.secret(URI.create(getPassword(URL).value().trim()));
    }

    WebhookFormat format() {
        return WebhookFormat.valueOf(getString(FORMAT).toUpperCase(Locale.ROOT));
    }

    HttpSettings http() {
        return HttpConfig.settings(this);
    }
}
