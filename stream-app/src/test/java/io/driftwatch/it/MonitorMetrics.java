package io.driftwatch.it;

import io.driftwatch.app.DriftwatchApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A monitor's Prometheus scrape, as the integration tests wait on it and read it. */
final class MonitorMetrics {

    private MonitorMetrics() {
    }

    /** The monitor's metrics once {@code done} holds for them, or the last scrape after {@code timeout}. */
    static String scrapeWhen(DriftwatchApp monitor, Duration timeout, Predicate<String> done) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = http.send(HttpRequest.newBuilder(URI.create(monitor.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            if (done.test(metrics)) {
                break;
            }
            Thread.sleep(250);
        }
        return metrics;
    }

    /** The value of the series {@code name} in a scrape (its first, if labelled), 0 when it is not there. */
    static double counter(String scrape, String name) {
        Matcher m = Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /** The value of the series {@code name} whose label {@code label} is {@code value}, 0 when it is not there. */
    static double counter(String scrape, String name, String label, String value) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*\\b" + label + "=\"" + Pattern.quote(value) + "\"[^}]*\\} ([0-9.eE+-]+)$",
            Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
