package io.driftwatch.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The marginal distribution of one generated feature, and how a value of it enters the model's
 * output: its <em>signal</em>, a standardised number (about mean 0 and standard deviation 1) that the
 * model weighs. Numeric marginals produce {@link Double}s, categorical ones {@link String}s and
 * booleans {@link Boolean}s, as in {@code PredictionEvent.features}.
 */
public sealed interface Marginal {

    /** True when values are numbers (numeric features), false for strings and booleans. */
    boolean numeric();

    /** Nominal mean of a numeric marginal; input drift shifts and scales around it. 0 for categorical ones. */
    double center();

    /** Nominal standard deviation of a numeric marginal; input drift shifts in units of it. 1 for categorical ones. */
    double scale();

    /** Brings a drifted numeric value back into the marginal's support (bounds, integers, positivity). */
    double clamp(double value);

    /**
     * Widens (factor > 1) or narrows a numeric value's deviation from the centre by {@code factor},
     * before clamping: center + (x − center)·factor, so the standard deviation is multiplied by the
     * factor. Log-normal amounts scale the deviation of the log instead, so they stay positive.
     */
    default double spread(double value, double factor) {
        return center() + (value - center()) * factor;
    }

    /** A sampler of this marginal, with its tables built once. */
    Sampler sampler();

    /** One line for the demo console and the docs. */
    String describe();

    /** Draws values and maps them to their signal. */
    interface Sampler {
        Object sample(RandomGenerator random);

        /** The standardised contribution of a non-null value of this feature to the model's output. */
        double signal(Object value);
    }

    /** Strings and booleans: not numbers, so input drift neither shifts, scales nor clamps them. */
    sealed interface Discrete extends Marginal {
        @Override
        default boolean numeric() {
            return false;
        }

        @Override
        default double center() {
            return 0;
        }

        @Override
        default double scale() {
            return 1;
        }

        @Override
        default double clamp(double value) {
            return value;
        }
    }

    /**
     * Normal(mean, sd), clamped to [min, max] (infinite bounds for none). Signal: (x − mean) / sd.
     */
    record Normal(double mean, double sd, double min, double max) implements Marginal {
        public Normal {
            requireFinite(mean, "mean");
            requirePositive(sd, "sd");
            if (!(min < max)) {
                throw new IllegalArgumentException("Normal bounds [" + min + ", " + max + "] are empty; give min < max");
            }
        }

        public Normal(double mean, double sd) {
            this(mean, sd, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public double center() {
            return mean;
        }

        @Override
        public double scale() {
            return sd;
        }

        @Override
        public double clamp(double value) {
            return Math.max(min, Math.min(max, value));
        }

        @Override
        public Sampler sampler() {
            return new Sampler() {
                @Override
                public Object sample(RandomGenerator random) {
                    return clamp(mean + sd * random.nextGaussian());
                }

                @Override
                public double signal(Object value) {
                    return ((Double) value - mean) / sd;
                }
            };
        }

        @Override
        public String describe() {
            String bounds = Double.isInfinite(min) && Double.isInfinite(max) ? ""
                : String.format(Locale.ROOT, " in [%s, %s]", fmt(min), fmt(max));
            return String.format(Locale.ROOT, "normal(mean %s, sd %s)%s", fmt(mean), fmt(sd), bounds);
        }
    }

    /**
     * Log-normal amounts: exp(ln(median) + sigma·Z), Z standard normal, so half the values lie below
     * {@code median}. Mean = median·e^(σ²/2), sd = mean·√(e^(σ²) − 1). Signal: (ln x − ln median) / σ,
     * the standardised log, as a model over amounts would use.
     */
    record LogNormal(double median, double sigma) implements Marginal {
        public LogNormal {
            requirePositive(median, "median");
            requirePositive(sigma, "sigma");
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public double center() {
            return median * Math.exp(sigma * sigma / 2);
        }

        @Override
        public double scale() {
            return center() * Math.sqrt(Math.expm1(sigma * sigma));
        }

        @Override
        public double clamp(double value) {
            return Math.max(0.0, value);
        }

        /** median·(x/median)^factor: the standard deviation of ln x is multiplied by the factor. */
        @Override
        public double spread(double value, double factor) {
            return value <= 0 ? value : median * Math.pow(value / median, factor);
        }

        @Override
        public Sampler sampler() {
            double logMedian = Math.log(median);
            // Drift can push amounts to 0; the signal of tiny amounts is floored to stay finite.
            double floor = median * 1e-6;
            return new Sampler() {
                @Override
                public Object sample(RandomGenerator random) {
                    return Math.exp(logMedian + sigma * random.nextGaussian());
                }

                @Override
                public double signal(Object value) {
                    return (Math.log(Math.max(floor, (Double) value)) - logMedian) / sigma;
                }
            };
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "log-normal(median %s, sigma %s)", fmt(median), fmt(sigma));
        }
    }

    /**
     * Whole numbers in [min, max] (ages, counts): Normal(mean, sd) truncated to the interval by
     * rejection and rounded. Signal: (x − mean) / sd.
     */
    record BoundedInteger(int min, int max, double mean, double sd) implements Marginal {
        public BoundedInteger {
            if (min >= max) {
                throw new IllegalArgumentException("BoundedInteger bounds [" + min + ", " + max + "] are empty; give min < max");
            }
            requireFinite(mean, "mean");
            requirePositive(sd, "sd");
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public double center() {
            return mean;
        }

        @Override
        public double scale() {
            return sd;
        }

        @Override
        public double clamp(double value) {
            return Math.max(min, Math.min(max, Math.rint(value)));
        }

        @Override
        public Sampler sampler() {
            return new Sampler() {
                @Override
                public Object sample(RandomGenerator random) {
                    // Rejection keeps the shape inside the bounds; after 16 misses (a mean far outside
                    // the bounds) the last draw is clamped rather than looping on.
                    double x = 0;
                    for (int i = 0; i < 16; i++) {
                        x = Math.rint(mean + sd * random.nextGaussian());
                        if (x >= min && x <= max) {
                            return x;
                        }
                    }
                    return clamp(x);
                }

                @Override
                public double signal(Object value) {
                    return ((Double) value - mean) / sd;
                }
            };
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "integer in [%d, %d] (normal mean %s, sd %s)", min, max, fmt(mean), fmt(sd));
        }
    }

    /**
     * Categories with Zipf frequencies: the k-th category (k = 1..n, in list order) has probability
     * proportional to 1/k^exponent. Signal of the k-th category (0-based index i): (i mod 3) − 1,
     * a fixed pattern of −1, 0, +1 so that categories push the output both ways; an unknown
     * category (one that input drift introduces) has signal 0.
     */
    record Categorical(List<String> categories, double exponent) implements Discrete {
        public Categorical {
            categories = List.copyOf(categories);
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("a categorical feature needs at least one category");
            }
            if (new java.util.HashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("categories " + categories + " contain duplicates; name each once");
            }
            if (!(exponent >= 0) || Double.isInfinite(exponent)) {
                throw new IllegalArgumentException("Zipf exponent " + exponent + " must be a finite number >= 0");
            }
        }

        /** Probability of the category at {@code index} (0-based). */
        public double probability(int index) {
            return DiscreteDistribution.zipf(categories.size(), exponent).probability(index);
        }

        @Override
        public Sampler sampler() {
            DiscreteDistribution distribution = DiscreteDistribution.zipf(categories.size(), exponent);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                index.put(categories.get(i), i);
            }
            return new Sampler() {
                @Override
                public Object sample(RandomGenerator random) {
                    return categories.get(distribution.sample(random));
                }

                @Override
                public double signal(Object value) {
                    Integer i = index.get(value);
                    return i == null ? 0.0 : (i % 3) - 1;
                }
            };
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%d categories, Zipf exponent %s (most frequent '%s')",
                categories.size(), fmt(exponent), categories.get(0));
        }
    }

    /** Booleans, true with probability p. Signal: (b − p) / √(p(1 − p)), the standardised indicator. */
    record Bernoulli(double p) implements Discrete {
        public Bernoulli {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("Bernoulli p " + p + " must be in (0, 1)");
            }
        }

        @Override
        public Sampler sampler() {
            double sd = Math.sqrt(p * (1 - p));
            return new Sampler() {
                @Override
                public Object sample(RandomGenerator random) {
                    return random.nextDouble() < p;
                }

                @Override
                public double signal(Object value) {
                    return (((Boolean) value ? 1.0 : 0.0) - p) / sd;
                }
            };
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "boolean, true with p = %s", fmt(p));
        }
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " " + v + " must be a finite number");
        }
    }

    private static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " " + v + " must be a finite number > 0");
        }
    }

    /** Short decimal form for descriptions: up to 4 significant decimals, no trailing zeros. */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
