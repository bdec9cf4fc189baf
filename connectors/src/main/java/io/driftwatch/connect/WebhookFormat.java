package io.driftwatch.connect;

/** The body a webhook receives for one alert. */
public enum WebhookFormat {
    /** The alert as a JSON object with the field names of {@code Alert.avsc}; see {@link AlertJsonMapper}. */
    JSON,
    /** A Slack message ({@code text} plus {@code blocks}); see {@link SlackMessageMapper}. */
    SLACK
}
