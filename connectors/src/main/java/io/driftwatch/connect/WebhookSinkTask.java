package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every alert transition to a webhook, one request per record, in offset order.
 *
 * <p>A delivery that fails after its retries throws {@link RetriableException}, and Connect hands
 * the same records to {@code put} again; records of that batch already delivered or reported are
 * skipped ({@link BatchProgress}), so the receiver does not get them twice within one task's life. Every attempt carries
 * the transition's {@link IdempotencyKey}, for the cases no task can rule out: a request that timed out after the
 * receiver took it, and a task that died before its offsets were committed.
 */
public final class WebhookSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(WebhookSinkTask.class);

    private final ObjectMapper json = new ObjectMapper();
    private final BatchProgress progress = new BatchProgress();
    private HttpEndpoint endpoint;
    private long redeliveryBackoffMs;
    private HttpDelivery http;
    private WebhookFormat format;
    private ConnectAlertReader reader;
    private AlertJsonMapper alertJson;
    private SlackMessageMapper slack;
    private ErrantRecords errant;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WebhookSinkConfig parsed = new WebhookSinkConfig(props);
        start(parsed, new HttpDelivery(parsed.http()));
    }

    /** Starts with a given HTTP delivery (tests pass one that does not sleep between retries). */
    void start(WebhookSinkConfig parsed, HttpDelivery delivery) {
        endpoint = parsed.endpoint();
        redeliveryBackoffMs = parsed.http().retry().maxBackoff().toMillis();
        http = delivery;
        format = parsed.format();
        reader = new ConnectAlertReader();
        alertJson = new AlertJsonMapper(json);
        slack = new SlackMessageMapper(json);
        errant = ErrantRecords.of(context, parsed.originalsStrings());
        log.info("Webhook sink task started: {} bodies to {}", format, endpoint);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        boolean posted = false;
        for (SinkRecord record : records) {
            if (record.value() == null || progress.isDone(record)) {
                continue;
            }
            AlertTransition alert;
            try {
                alert = reader.read(record.value());
            } catch (DataException e) {
                errant.report(record, e);
                progress.done(record);
                continue;
            }
            try {
                http.post(endpoint, body(alert), true, IdempotencyKey.of(record, alert));
                posted = true;
            } catch (DeliveryException e) {
                handle(record, alert, e);
            }
            progress.done(record);
        }
        progress.batchCompleted();
        if (posted) {
            // A webhook (Slack) cannot tell a transition it already has: commit what it got now, not at the next
            // offset flush (a minute by default), so that a task that dies sends again as little as can be.
            context.requestCommit();
        }
    }

    private void handle(SinkRecord record, AlertTransition alert, DeliveryException e) {
        switch (e.kind()) {
            case RETRIABLE -> {
                context.timeout(redeliveryBackoffMs);
                throw new RetriableException("Webhook unavailable, alert " + alert.fingerprint()
                        + " will be delivered again: " + e.getMessage(), e);
            }
            case REJECTED -> errant.report(record, new ConnectException(
                    "Webhook refused alert " + alert.fingerprint() + ": " + e.getMessage(), e));
            case MISCONFIGURED -> throw new ConnectException("Webhook refused the request; check "
                    + WebhookSinkConfig.URL + " and the " + HttpConfig.AUTH_HEADER_NAME + "/"
                    + HttpConfig.AUTH_HEADER_VALUE + " settings: " + e.getMessage(), e);
        }
    }

    private byte[] body(AlertTransition alert) {
        ObjectNode body = format == WebhookFormat.SLACK ? slack.toMessage(alert) : alertJson.toJson(alert);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree cannot fail to serialize", e);
        }
    }

    @Override
    public void stop() {
        log.info("Webhook sink task stopped");
    }
}
