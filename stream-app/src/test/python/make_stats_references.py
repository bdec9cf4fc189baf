#!/usr/bin/python3
"""Exact reference values for the drift statistics in io.driftwatch.stats.

Computes every statistic on small raw samples with code independent of the Java implementation:
scipy.stats.ks_2samp (D), scipy.stats.kstwobign (asymptotic p-value), scipy.stats.wasserstein_distance,
scipy.spatial.distance.jensenshannon, scipy.stats.entropy (KL), scipy.stats.chi2_contingency, and the explicit
PSI, Hellinger, total variation and z-test formulas below. The samples are small (at most 150 values)
so that a KLL sketch with k = 200 holds them all and is exact: the Java tests compare within 1e-9.

Run with Debian's python3 (numpy 1.24, scipy 1.10) from the repository root:

    /usr/bin/python3 stream-app/src/test/python/make_stats_references.py

It rewrites stream-app/src/test/resources/stats/{numeric,categorical}_references.json.
"""

import json
import math
import pathlib

import numpy as np
from scipy import stats
from scipy.spatial import distance

ALPHA = 1e-4  # additive smoothing weight, docs/statistics.md
WASSERSTEIN_NORM_FLOOR = 0.001  # Evidently's max(std(reference), 0.001)
OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "stats"


def smooth(p):
    """Additive smoothing p' = (p + alpha) / (1 + B * alpha)."""
    p = np.asarray(p, dtype=float)
    return (p + ALPHA) / (1 + len(p) * ALPHA)


def split_points(reference, bins):
    """Reference quantiles at ranks i/bins: the ceil(i*n/bins)-th smallest value; equal ones merged."""
    ordered = np.sort(reference)
    n = len(ordered)
    points = [ordered[-(-i * n // bins) - 1] for i in range(1, bins)]
    return np.unique(points)


def bin_proportions(sample, splits):
    """Share of the sample in (-inf, s1], (s1, s2], ..., (sm, inf)."""
    cdf = np.searchsorted(np.sort(sample), splits, side="right") / len(sample)
    return np.diff(np.concatenate([[0.0], cdf, [1.0]]))


def psi(p, q):
    ps, qs = smooth(p), smooth(q)
    return float(np.sum((ps - qs) * np.log(ps / qs)))


def kl(p, q):
    return float(stats.entropy(smooth(p), smooth(q)))  # sum p' ln(p'/q'), natural log


def jensen_shannon(p, q):
    return float(distance.jensenshannon(p, q))  # base e


def hellinger(p, q):
    return float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))


def total_variation(p, q):
    return float(0.5 * np.sum(np.abs(np.asarray(p) - np.asarray(q))))


def cdf_statistics(reference, window):
    ks = stats.ks_2samp(reference, window, method="asymp")
    n, m = len(reference), len(window)
    effective_n = n * m / (n + m)
    return {
        "ks": float(ks.statistic),
        "ks_p_value": float(stats.kstwobign.sf(math.sqrt(effective_n) * ks.statistic)),
        # scipy >= 1.5 'asymp' uses kstwo(D, round(en)); kept for comparison, not asserted.
        "scipy_ks_2samp_asymp_p_value": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(reference, window)
                             / max(float(np.std(reference)), WASSERSTEIN_NORM_FLOOR)),
    }


def categorical_statistics(reference_counts, window_counts):
    """Statistics over aligned count vectors (bins in sorted category order, 'other' last)."""
    r = np.asarray(reference_counts, dtype=float)
    w = np.asarray(window_counts, dtype=float)
    p, q = r / r.sum(), w / w.sum()
    # Homogeneity of the 2 x B table, categories present on either side; no Yates correction.
    present = (r + w) > 0
    if present.sum() < 2:
        chi_square, chi_square_p_value = 0.0, 1.0  # nothing to test
    else:
        chi_square, chi_square_p_value, _, _ = stats.chi2_contingency(np.vstack([r[present], w[present]]),
                                                                      correction=False)
    result = {
        "psi": psi(p, q),
        "kl": kl(p, q),
        "jensen_shannon": jensen_shannon(p, q),
        "hellinger": hellinger(p, q),
        "total_variation": total_variation(p, q),
        "chi_square": float(chi_square),
        "chi_square_p_value": float(chi_square_p_value),
    }
    if len(r) == 2:
        # Second category's share; pooled two-proportion z-test, z > 0 when it grew in the window.
        n1, n2 = r.sum(), w.sum()
        p1, p2 = r[1] / n1, w[1] / n2
        pooled = (r[1] + w[1]) / (n1 + n2)
        z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        result["z_test"] = float(z)
        result["z_test_p_value"] = float(2 * stats.norm.sf(abs(z)))
    return result


def align(reference, reference_other, window, window_other):
    keys = sorted({k for k, v in reference.items() if v > 0} | {k for k, v in window.items() if v > 0})
    r = [reference.get(k, 0) for k in keys]
    w = [window.get(k, 0) for k in keys]
    if reference_other > 0 or window_other > 0:
        r.append(reference_other)
        w.append(window_other)
    new = [k for k in keys if reference.get(k, 0) == 0]
    return r, w, new


def feature_type(bins):
    return "BINARY" if bins <= 2 else "CATEGORICAL"


def numeric_case(name, reference, window, psi_bins=10):
    reference = np.round(np.asarray(reference, dtype=float), 6)
    window = np.round(np.asarray(window, dtype=float), 6)
    expected = cdf_statistics(reference, window)
    values = np.unique(np.concatenate([reference, window]))
    if len(values) <= 5:
        ref_counts = {float(v): int(c) for v, c in zip(*np.unique(reference, return_counts=True))}
        win_counts = {float(v): int(c) for v, c in zip(*np.unique(window, return_counts=True))}
        r, w, new = align(ref_counts, 0, win_counts, 0)
        expected.update(categorical_statistics(r, w))
        expected["type"] = feature_type(len(r))
        expected["new_categories"] = [repr(v) for v in new]
    else:
        splits = split_points(reference, psi_bins)
        p, q = bin_proportions(reference, splits), bin_proportions(window, splits)
        expected.update({
            "type": "NUMERIC",
            "split_points": splits.tolist(),
            "reference_proportions": p.tolist(),
            "window_proportions": q.tolist(),
            "psi": psi(p, q),
            "kl": kl(p, q),
            "jensen_shannon": jensen_shannon(p, q),
            "hellinger": hellinger(p, q),
            "new_categories": [],
        })
    return {"name": name, "psi_bins": psi_bins, "reference": reference.tolist(), "window": window.tolist(),
            "expected": expected}


def categorical_case(name, reference, reference_other, window, window_other):
    r, w, new = align(reference, reference_other, window, window_other)
    expected = categorical_statistics(r, w)
    expected["type"] = feature_type(len(r))
    expected["new_categories"] = new
    return {"name": name,
            "reference": {"frequencies": reference, "other": reference_other},
            "window": {"frequencies": window, "other": window_other},
            "expected": expected}


def numeric_cases():
    rng = np.random.default_rng(20261122)
    return [
        numeric_case("normal_same", rng.normal(0, 1, 120), rng.normal(0, 1, 80)),
        numeric_case("normal_shifted", rng.normal(0, 1, 150), rng.normal(0.5, 1.2, 100)),
        numeric_case("normal_shifted_5_bins", rng.normal(0, 1, 150), rng.normal(0.5, 1.2, 100), psi_bins=5),
        numeric_case("lognormal_scaled", rng.lognormal(0, 0.8, 100), 1.5 * rng.lognormal(0, 0.8, 60)),
        numeric_case("poisson_ties", rng.poisson(4, 150), rng.poisson(5, 90)),
        numeric_case("disjoint_supports", rng.uniform(0, 1, 50), rng.uniform(2, 3, 40)),
        numeric_case("constant_reference", np.zeros(40), rng.normal(0, 1, 40)),
        numeric_case("three_values_new_value", rng.choice([1.0, 2.0, 3.0], 120, p=[0.5, 0.3, 0.2]),
                     rng.choice([1.0, 2.0, 3.0, 4.0], 100, p=[0.4, 0.3, 0.2, 0.1])),
        numeric_case("binary_flag", rng.choice([0.0, 1.0], 140, p=[0.7, 0.3]),
                     rng.choice([0.0, 1.0], 110, p=[0.55, 0.45])),
    ]


def categorical_cases():
    return [
        categorical_case("four_similar", {"a": 400, "b": 300, "c": 200, "d": 100}, 0,
                         {"a": 210, "b": 140, "c": 105, "d": 45}, 0),
        categorical_case("shift_new_and_missing", {"a": 500, "b": 300, "c": 200}, 0,
                         {"a": 120, "b": 200, "e": 30}, 0),
        categorical_case("other_bins", {"x": 1000, "y": 600, "z": 250}, 150,
                         {"x": 90, "y": 80, "w": 10}, 40),
        categorical_case("boolean", {"false": 800, "true": 200}, 0, {"false": 140, "true": 60}, 0),
        categorical_case("boolean_large_same", {"false": 61234, "true": 38766}, 0,
                         {"false": 6090, "true": 3910}, 0),
        categorical_case("one_category_and_other", {"only": 300}, 20, {"only": 250}, 50),
    ]


def kolmogorov_survival():
    """Q(lambda) = P(K > lambda) of the limiting Kolmogorov distribution, both sides of the series switch."""
    lambdas = [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.17, 1.19, 1.2238, 1.3581, 1.6276, 2.0, 3.0, 4.0, 6.0]
    return [[x, float(stats.kstwobign.sf(x))] for x in lambdas]


def write(name, cases, **extra):
    OUT.mkdir(parents=True, exist_ok=True)
    document = {
        "generator": "stream-app/src/test/python/make_stats_references.py",
        "scipy": __import__("scipy").__version__,
        "numpy": np.__version__,
        "smoothing_alpha": ALPHA,
        **extra,
        "cases": cases,
    }
    (OUT / name).write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    write("numeric_references.json", numeric_cases(), kolmogorov_survival=kolmogorov_survival())
    write("categorical_references.json", categorical_cases())
