#!/usr/bin/python3
"""How often each statistic calls DRIFT at its default threshold when nothing drifted.

Draws windows from the reference's own distribution and prints, per window size, the share of
windows judged DRIFT: the false-alarm rate. The p-value tests hold about their 5% level at every
size; the distances, judged on fixed thresholds, alarm on small windows because sampling noise alone
pushes them over. docs/statistics.md quotes the table to justify the default minimum sample size.

    /usr/bin/python3 stream-app/src/test/python/null_false_alarm_rates.py
"""

import math

import numpy as np
from scipy import stats

from make_stats_references import (bin_proportions, categorical_statistics, hellinger, jensen_shannon, kl, psi,
                                   split_points)

TRIALS = 1000
SIZES = [30, 50, 100, 200, 500, 1000, 2000]
rng = np.random.default_rng(7)


def numeric_rates(size, reference):
    splits = split_points(reference, 10)
    p = bin_proportions(reference, splits)
    std = float(np.std(reference))
    alarms = dict.fromkeys(["wasserstein", "ks", "psi", "jensen_shannon", "hellinger", "kl"], 0)
    for _ in range(TRIALS):
        window = rng.normal(0, 1, size)
        q = bin_proportions(window, splits)
        d = stats.ks_2samp(reference, window, method="asymp").statistic
        en = len(reference) * size / (len(reference) + size)
        alarms["wasserstein"] += stats.wasserstein_distance(reference, window) / std >= 0.1
        alarms["ks"] += stats.kstwobign.sf(math.sqrt(en) * d) < 0.05
        alarms["psi"] += psi(p, q) >= 0.1
        alarms["jensen_shannon"] += jensen_shannon(p, q) >= 0.1
        alarms["hellinger"] += hellinger(p, q) >= 0.1
        alarms["kl"] += kl(p, q) >= 0.1
    return {k: v / TRIALS for k, v in alarms.items()}


def categorical_rates(size, shares, reference_size, fresh_reference=False):
    """With fresh_reference, every trial draws its own reference: the rate over references, which a
    test that treats the reference as exact (Evidently's goodness of fit, 'chi_square_gof') exceeds."""
    fixed = rng.multinomial(reference_size, shares)
    alarms = dict.fromkeys(["chi_square", "chi_square_gof", "jensen_shannon", "psi", "total_variation"], 0)
    for _ in range(TRIALS):
        reference = rng.multinomial(reference_size, shares) if fresh_reference else fixed
        window = rng.multinomial(size, shares)
        present = (reference > 0) | (window > 0)
        s = categorical_statistics(reference[present], window[present])
        alarms["chi_square"] += s["chi_square_p_value"] < 0.05
        alarms["chi_square_gof"] += evidently_chi_square_p_value(reference, window) < 0.05
        alarms["jensen_shannon"] += s["jensen_shannon"] >= 0.1
        alarms["psi"] += s["psi"] >= 0.1
        alarms["total_variation"] += s["total_variation"] >= 0.1
    return {k: v / TRIALS for k, v in alarms.items()}


def evidently_chi_square_p_value(reference, window):
    """Evidently's chisquare_stattest.py: scipy.stats.chisquare(window, reference * m / n)."""
    if np.any((reference == 0) & (window > 0)):
        return 0.0
    keep = reference > 0
    expected = reference[keep] * window.sum() / reference.sum()
    return float(stats.chisquare(window[keep], expected).pvalue)


def table(title, rows):
    keys = list(rows[0][1].keys())
    print(f"\n{title}\n")
    print("| window values | " + " | ".join(keys) + " |")
    print("| ---: | " + " | ".join("---:" for _ in keys) + " |")
    for size, rates in rows:
        print(f"| {size} | " + " | ".join(f"{rates[k]:.1%}" for k in keys) + " |")


if __name__ == "__main__":
    reference = rng.normal(0, 1, 5000)
    table("Numeric: reference 5000 values of N(0, 1), windows from N(0, 1), 10 bins",
          [(n, numeric_rates(n, reference)) for n in SIZES])
    shares = [0.4, 0.3, 0.15, 0.1, 0.05]
    table(f"Categorical: 5 categories {shares}, reference 5000 values, windows from the same shares",
          [(n, categorical_rates(n, shares, 5000)) for n in SIZES])
    table(f"Categorical: the same shares, a fresh reference of as many values as the window in every trial",
          [(n, categorical_rates(n, shares, n, fresh_reference=True)) for n in SIZES])
