package io.driftwatch.alerting;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a rule's relative {@code runbook_url} (the shipped rules say {@code docs/alerting.md#runbook-latency})
 * into an absolute address under a configured base ({@code alerts.runbook.base.url}), because an alert
 * read in Alertmanager, Slack or a pager has no repository to be relative to. Absolute URLs in rules
 * are kept as written.
 *
 * <p>The base is treated as a folder: a missing trailing slash is added, so
 * {@code https://wiki.example.com/driftwatch} and {@code https://wiki.example.com/driftwatch/} both put
 * {@code docs/alerting.md} under {@code driftwatch/} (plain RFC 3986 resolution would drop the last
 * path segment of the first, which nobody means).
 */
public final class RunbookLinks {

    /** The configuration key of the base. */
    public static final String BASE_KEY = "alerts.runbook.base.url";

    private static final RunbookLinks AS_WRITTEN = new RunbookLinks(null);

    private final URI base;

    private RunbookLinks(URI base) {
        this.base = base;
    }

    /** Links kept as the rules write them (no base configured). */
    public static RunbookLinks asWritten() {
        return AS_WRITTEN;
    }

    /**
     * Links resolved under {@code base}.
     *
     * @throws IllegalArgumentException with a message naming {@link #BASE_KEY} and the fix, when
     *                                  {@code base} is not an absolute http(s) URL
     */
    public static RunbookLinks under(String base) {
        return new RunbookLinks(parseBase(base));
    }

    /** Why {@code base} cannot be a runbook base, or empty when it can. */
    public static Optional<String> problemWith(String base) {
        try {
            parseBase(base);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The base, as used (with its trailing slash), if one is configured. */
    public Optional<URI> base() {
        return Optional.ofNullable(base);
    }

    /** The absolute address of {@code url}; null stays null, absolute URLs and links without a base stay as written. */
    public String resolve(String url) {
        if (url == null || base == null) {
            return url;
        }
        URI uri = URI.create(url);
        if (uri.isAbsolute()) {
            return url;
        }
        // A leading slash would replace the base's path: keep a rule's "/docs/x.md" under the base folder.
        String relative = url.startsWith("/") && !url.startsWith("//") ? url.substring(1) : url;
        return base.resolve(URI.create(relative)).toString();
    }

    /** The same rules with every runbook link resolved. */
    public RuleSet applyTo(RuleSet rules) {
        if (base == null) {
            return rules;
        }
        return new RuleSet(rules.rules().stream().map(rule -> rule.withRunbookUrl(resolve(rule.runbookUrl()))).toList(),
            rules.significancePolicy().orElse(null));
    }

    private static URI parseBase(String base) {
        String fix = "; set " + BASE_KEY + " to an absolute http(s) address such as"
            + " https://github.com/acme/driftwatch/blob/main/ (relative runbook_url paths of the rules are resolved"
            + " under it), or leave it unset to keep them as written.";
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException(BASE_KEY + " is empty" + fix);
        }
        URI uri;
        try {
            uri = new URI(base.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(BASE_KEY + "=" + base + " is not a valid URL (" + e.getReason() + ")" + fix);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException(BASE_KEY + "=" + base + " is not an absolute http(s) address" + fix);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(BASE_KEY + "=" + base + " has a query or fragment, which the rules'"
                + " paths would replace" + fix);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    @Override
    public String toString() {
        return base == null ? "RunbookLinks[as written]" : "RunbookLinks[under " + base + "]";
    }
}
