package io.driftwatch.bench.quality;

import io.driftwatch.generator.FeatureSpec;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decision NannyML makes by default, on raw data: thresholds derived from the reference period cut
 * into chunks of the analysis chunk's size (its default chunker makes 10), a metric computed for every
 * reference chunk, and an alert when an analysis chunk's metric leaves mean ± 3 standard deviations of
 * the reference chunks' values ({@code StandardDeviationThreshold(std_lower_multiplier=3,
 * std_upper_multiplier=3)}, population standard deviation as numpy computes it).
 * <ul>
 *   <li>Per column, the Jensen–Shannon distance between the chunk and the whole reference (NannyML's
 *       default univariate method): categorical columns on value proportions, numeric ones on a
 *       histogram with Doane's number of equal-width bins over the reference range (numpy's
 *       {@code bins='doane'}), values outside the range counted in the edge bins.</li>
 *   <li>Realized accuracy of the chunk's labelled predictions, both directions.</li>
 * </ul>
 * A window alerts when any column or the accuracy leaves its band; no correction across columns, as in
 * NannyML.
 */
final class NannyMlStyleDecider {

    static final int REFERENCE_CHUNKS = 10;
    static final double SIGMAS = 3;

    /** A window's alerts: columns outside their band, and whether accuracy is. */
    record Decision(int columns, boolean accuracy) {
        boolean any() {
            return columns > 0 || accuracy;
        }
    }

    private final List<FeatureSpec> features;
    private final List<Object> referenceColumns = new ArrayList<>();
    private final List<double[]> edges = new ArrayList<>();
    private final double[] upper;
    private final double accuracyLow;
    private final double accuracyHigh;

    /** @param chunks the reference period, as {@link #REFERENCE_CHUNKS} chunks of the analysis window's size */
    NannyMlStyleDecider(ModelSpec model, List<List<GeneratedEvent>> chunks) {
        this.features = model.features();
        List<GeneratedEvent> reference = chunks.stream().flatMap(List::stream).toList();
        for (FeatureSpec f : features) {
            if (f.marginal().numeric()) {
                double[] column = FeatureColumns.numeric(reference, f.name());
                referenceColumns.add(column);
                edges.add(doaneEdges(column));
            } else {
                referenceColumns.add(FeatureColumns.categorical(reference, f.name()));
                edges.add(null);
            }
        }
        this.upper = new double[features.size()];
        for (int i = 0; i < features.size(); i++) {
            double[] values = new double[chunks.size()];
            for (int c = 0; c < chunks.size(); c++) {
                values[c] = distance(i, chunks.get(c));
            }
            upper[i] = mean(values) + SIGMAS * ExactDriftTests.populationStdDev(values);
        }
        double[] accuracies = chunks.stream().mapToDouble(NannyMlStyleDecider::accuracy).filter(Double::isFinite).toArray();
        double m = mean(accuracies);
        double sd = ExactDriftTests.populationStdDev(accuracies);
        this.accuracyLow = m - SIGMAS * sd;
        this.accuracyHigh = m + SIGMAS * sd;
    }

    Decision evaluate(List<GeneratedEvent> window) {
        int alerted = 0;
        for (int i = 0; i < features.size(); i++) {
            if (distance(i, window) > upper[i]) {
                alerted++;
            }
        }
        double a = accuracy(window);
        return new Decision(alerted, Double.isFinite(a) && (a < accuracyLow || a > accuracyHigh));
    }

    private double distance(int feature, List<GeneratedEvent> chunk) {
        String name = features.get(feature).name();
        if (edges.get(feature) == null) {
            return ExactDriftTests.jensenShannon((String[]) referenceColumns.get(feature),
                FeatureColumns.categorical(chunk, name)).score();
        }
        double[] e = edges.get(feature);
        return ExactDriftTests.jensenShannon(binned((double[]) referenceColumns.get(feature), e),
            binned(FeatureColumns.numeric(chunk, name), e)).score();
    }

    /** Equal-width bin edges over the reference's range, Doane's count: 1 + log2 n + log2(1 + |g1| / σ_g1). */
    static double[] doaneEdges(double[] values) {
        int n = values.length;
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(1);
        double mean = mean(values);
        double sd = ExactDriftTests.populationStdDev(values);
        double g1 = 0;
        for (double v : values) {
            g1 += Math.pow((v - mean) / (sd == 0 ? 1 : sd), 3);
        }
        g1 /= Math.max(1, n);
        double sigmaG1 = Math.sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
        int bins = (int) Math.ceil(1 + log2(n) + log2(1 + Math.abs(g1) / sigmaG1));
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = min + (max - min) * b / bins;
        }
        return edges;
    }

    private static String[] binned(double[] values, double[] edges) {
        String[] out = new String[values.length];
        int bins = edges.length - 1;
        for (int i = 0; i < values.length; i++) {
            int b = Arrays.binarySearch(edges, values[i]);
            int bin = b >= 0 ? b : -b - 2;
            out[i] = Integer.toString(Math.max(0, Math.min(bins - 1, bin)));
        }
        return out;
    }

    private static double accuracy(List<GeneratedEvent> events) {
        int labelled = 0;
        int correct = 0;
        for (GeneratedEvent e : events) {
            if (e.outcome() != null && e.outcome().getLabel() != null && e.prediction().getPrediction() != null
                && e.prediction().getPrediction().getLabel() != null) {
                labelled++;
                correct += e.prediction().getPrediction().getLabel().equals(e.outcome().getLabel()) ? 1 : 0;
            }
        }
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    private static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
