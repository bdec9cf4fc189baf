package io.driftwatch.performance;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Live quality figures set against a baseline, metric by metric:
 * <pre>
 *   absolute change = metric − baseline
 *   relative change = (metric − baseline) / |baseline|     (absent when baseline = 0)
 * </pre>
 * so "accuracy 5 % below baseline" is {@code relativeChanges().get("accuracy") <= -0.05}. Only
 * metrics present and finite in both maps are compared.
 *
 * @param changes the comparison per metric name, sorted by name
 */
public record QualityComparison(Map<String, MetricChange> changes) {

  /**
   * One metric against its baseline.
   *
   * @param value the live figure
   * @param baseline the baseline figure
   * @param absoluteChange value − baseline
   * @param relativeChange (value − baseline) / |baseline|, or null when the baseline is 0
   */
  public record MetricChange(double value, double baseline, double absoluteChange, Double relativeChange) {}

  public QualityComparison {
    changes = Collections.unmodifiableMap(new TreeMap<>(changes));
  }

  /** Compares {@code metrics} with {@code baseline}; either map may be empty. */
  public static QualityComparison of(Map<String, Double> metrics, Map<String, Double> baseline) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(baseline, "baseline");
    Map<String, MetricChange> changes = new TreeMap<>();
    metrics.forEach((name, value) -> {
      Double base = baseline.get(name);
      if (value != null && base != null && Double.isFinite(value) && Double.isFinite(base)) {
        double absolute = value - base;
        Double relative = base == 0.0 ? null : absolute / Math.abs(base);
        changes.put(name, new MetricChange(value, base, absolute, relative));
      }
    });
    return new QualityComparison(changes);
  }

  /** metric − baseline by metric name (for {@code QualityReport.change_absolute}). */
  public Map<String, Double> absoluteChanges() {
    Map<String, Double> out = new TreeMap<>();
    changes.forEach((name, change) -> out.put(name, change.absoluteChange()));
    return Collections.unmodifiableMap(out);
  }

  /** (metric − baseline)/|baseline| by metric name, zero baselines left out. */
  public Map<String, Double> relativeChanges() {
    Map<String, Double> out = new TreeMap<>();
    changes.forEach((name, change) -> {
      if (change.relativeChange() != null) {
        out.put(name, change.relativeChange());
      }
    });
    return Collections.unmodifiableMap(out);
  }
}
