package io.driftwatch.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connect.AlertTransition.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack webhook body: {@code text} (the notification and fallback line) and Block Kit
 * {@code blocks}: a header, the summary, fields (model, severity, condition, window, feature or
 * segment, evidence), the top drifted features, and a context line with the runbook link and the
 * fingerprint. Values are escaped for Slack's mrkdwn ({@code & < >}) and cut to Slack's limits.
 */
final class SlackMessageMapper {

    // Block Kit limits: header text 150, section text 3000, field text 2000 characters, 10 fields.
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;
    private static final int FIELD_MAX = 2000;

    private final ObjectMapper json;

    SlackMessageMapper(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode toMessage(AlertTransition alert) {
        ObjectNode message = json.createObjectNode();
        message.put("text", fallbackText(alert));
        ArrayNode blocks = message.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", cut(emoji(alert) + " " + alert.status() + ": " + alert.rule() + " on "
                        + alert.modelId() + " " + alert.modelVersion(), HEADER_MAX));

        if (alert.summary() != null) {
            section(blocks, "*" + escape(alert.summary()) + "*");
        }

        List<String> fields = new ArrayList<>();
        fields.add("*Model*\n" + escape(alert.modelId() + " " + alert.modelVersion()));
        fields.add("*Severity*\n" + alert.severity());
        String condition = AlertText.condition(alert);
        if (condition != null) {
            fields.add("*Condition*\n" + escape(condition));
        }
        String window = AlertText.window(alert);
        if (window != null) {
            fields.add("*Window*\n" + escape(window));
        }
        if (alert.feature() != null) {
            fields.add("*Feature*\n" + escape(alert.feature()));
        }
        if (alert.segment() != null) {
            fields.add("*Segment*\n" + escape(alert.segment()));
        }
        fields.add("*Evidence*\n" + escape(AlertText.evidenceLine(alert.evidence())));
        ArrayNode fieldNodes = blocks.addObject().put("type", "section").putArray("fields");
        fields.forEach(text -> fieldNodes.addObject().put("type", "mrkdwn").put("text", cut(text, FIELD_MAX)));

        if (!alert.evidence().topFeatures().isEmpty()) {
            StringBuilder features = new StringBuilder("*Top drifted features*");
            alert.evidence().topFeatures().forEach(f -> features.append("\n• ").append(escape(AlertText.featureLine(f))));
            section(blocks, features.toString());
        }

        List<String> context = new ArrayList<>();
        if (alert.runbookUrl() != null) {
            context.add("<" + alert.runbookUrl().replace("|", "%7C").replace(">", "%3E") + "|Runbook>");
        }
        context.add("fingerprint `" + escape(alert.fingerprint()) + "`");
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", cut(String.join(" · ", context), SECTION_MAX));
        return message;
    }

    /** The line notifications and clients without Block Kit show. */
    static String fallbackText(AlertTransition alert) {
        String about = alert.summary() != null ? alert.summary() : alert.rule() + " on " + AlertText.subject(alert);
        return "[" + alert.status() + "] " + alert.severity() + ": " + escape(about);
    }

    private static String emoji(AlertTransition alert) {
        if (!alert.firing()) {
            return ":white_check_mark:";
        }
        return alert.severity() == Severity.CRITICAL ? ":rotating_light:"
                : alert.severity() == Severity.WARNING ? ":warning:" : ":information_source:";
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text")
                .put("type", "mrkdwn").put("text", cut(mrkdwn, SECTION_MAX));
    }

    /** Slack's mrkdwn needs only these three escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
