package io.driftwatch.alerting;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metrics rules can watch: resolves a metric id such as {@code feature.psi} or
 * {@code quality.change_relative.accuracy} to a {@link Metric} whose observations come from a
 * window report. The families and what each reads are documented on {@link MetricFamily} and in
 * {@code docs/alerting.md}.
 */
public final class MetricCatalog {

    private static final Pattern PARAMETER = Pattern.compile("[a-z0-9_]+");

    // Exact ids first, then prefixes longest first, so quality.change_absolute.x is not read as quality.<x>.
    private static final List<MetricFamily> LOOKUP_ORDER = Arrays.stream(MetricFamily.values())
            .sorted(Comparator.comparing(MetricFamily::isParameterised)
                    .thenComparing(family -> -family.prefix().length()))
            .toList();

    private MetricCatalog() {
    }

    /** Every family, in documentation order. */
    public static List<MetricFamily> families() {
        return List.of(MetricFamily.values());
    }

    /**
     * Resolves a metric id.
     *
     * @throws IllegalArgumentException naming the id and listing the families when it is unknown,
     *                                  or listing the accepted figures when the family has a fixed set
     */
    public static Metric parse(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("metric is empty; use one of " + familyList());
        }
        for (MetricFamily family : LOOKUP_ORDER) {
            if (!family.isParameterised()) {
                if (family.prefix().equals(id)) {
                    return new Metric(id, family, null);
                }
            } else if (id.startsWith(family.prefix())) {
                String parameter = id.substring(family.prefix().length());
                if (!family.allowedParameters().isEmpty() && !family.allowedParameters().contains(parameter)) {
                    throw new IllegalArgumentException("unknown metric '" + id + "'" + Suggestions.didYouMean(
                            parameter, family.allowedParameters()) + "; " + family.syntax() + " takes one of "
                            + String.join(", ", family.allowedParameters()));
                }
                if (!PARAMETER.matcher(parameter).matches()) {
                    throw new IllegalArgumentException("unknown metric '" + id + "': '" + parameter
                            + "' is not a name of lowercase letters, digits and '_'; " + family.syntax()
                            + " is " + family.description());
                }
                return new Metric(id, family, parameter);
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'" + Suggestions.didYouMean(id,
                families().stream().map(MetricFamily::syntax).toList()) + "; use one of " + familyList());
    }

    /**
     * Whether an alert on {@code metricId} is about a comparison (canary, shadow, A/B) rather than one
     * version's own reports: the comparison stage raises and holds such alerts.
     */
    public static boolean isComparisonFigure(String metricId) {
        return LOOKUP_ORDER.stream()
                .filter(family -> family.isParameterised() ? metricId.startsWith(family.prefix()) : family.prefix().equals(metricId))
                .findFirst().map(MetricFamily::readsComparisons).orElse(false);
    }

    /**
     * A warning for a metric of an open family ({@code feature.<statistic>}, {@code quality.<metric>},
     * ...) whose parameter Driftwatch is not known to report: such a rule is valid but may never
     * observe anything, which is most often a typo. The text says what is wrong with the parameter;
     * callers name the metric.
     */
    public static Optional<String> warningFor(Metric metric) {
        List<String> known = metric.family().knownParameters();
        if (metric.parameter() == null || known.isEmpty() || known.contains(metric.parameter())) {
            return Optional.empty();
        }
        return Optional.of("'" + metric.parameter() + "' is not a name Driftwatch is known to report" + Suggestions.didYouMean(metric.parameter(), known)
                + "; known: " + String.join(", ", known) + "; the rule observes nothing unless reports carry it");
    }

    private static String familyList() {
        return families().stream().map(MetricFamily::syntax).collect(Collectors.joining(", "));
    }
}
