"""Reference values for ExactDriftTestsTest, computed with SciPy the way Evidently's default stattests do.

Run with Debian's python3 (numpy 1.24, scipy 1.10):
    /usr/bin/python3 exact_tests_reference.py > exact_tests_reference.json
"""
import json

import numpy as np
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261122)
cases = {}

# Kolmogorov-Smirnov: a continuous pair, a shifted pair, and integer data with many ties.
ks = []
for name, ref, cur in [
    ("normal", rng.normal(0, 1, 800), rng.normal(0, 1, 700)),
    ("shifted", rng.normal(0, 1, 900), rng.normal(0.15, 1, 600)),
    ("ties", rng.integers(18, 40, 1000).astype(float), rng.integers(18, 41, 950).astype(float)),
]:
    d = stats.ks_2samp(ref, cur).statistic
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    ks.append({
        "name": name, "reference": ref.tolist(), "current": cur.tolist(), "statistic": float(d),
        # The limiting Kolmogorov distribution, which commons-math uses for n*m >= 10000 ...
        "p_asymptotic": float(stats.kstwobign.sf(d * np.sqrt(en))),
        # ... and what Evidently gets from ks_2samp (exact at these sizes).
        "p_scipy": float(stats.ks_2samp(ref, cur).pvalue),
    })
cases["ks"] = ks

# Wasserstein distance, with ties and different sizes, and normalised as Evidently does.
w = []
for name, u, v in [
    ("small", np.array([0.0, 1.0, 3.0]), np.array([5.0, 6.0, 8.0])),
    ("ties", np.array([1.0, 1.0, 2.0, 2.0, 2.0, 7.0]), np.array([1.0, 2.0, 3.0, 3.0])),
    ("lognormal", rng.lognormal(3, 0.7, 1500), rng.lognormal(3.1, 0.7, 1200)),
]:
    dist = stats.wasserstein_distance(u, v)
    w.append({"name": name, "reference": u.tolist(), "current": v.tolist(), "distance": float(dist),
              "normalised": float(dist / max(np.std(u), 0.001))})
cases["wasserstein"] = w


def evidently_chi(ref, cur):
    keys = sorted(set(ref) | set(cur))
    rc = {k: ref.count(k) for k in keys}
    cc = {k: cur.count(k) for k in keys}
    k_norm = len(cur) / len(ref)
    f_exp = [rc[k] * k_norm for k in keys]
    f_obs = [cc[k] for k in keys]
    return float(stats.chisquare(f_obs, f_exp)[1])


def evidently_z(ref, cur):
    keys = sorted(set(ref) | set(cur))
    r = np.array([0 if x == keys[0] else 1 for x in ref])
    c = np.array([0 if x == keys[0] else 1 for x in cur])
    n1, n2 = len(r), len(c)
    p1, p2 = r.sum() / n1, c.sum() / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return float(2 * (1 - stats.norm.cdf(abs(z))))


def evidently_js(ref, cur):
    keys = sorted(set(ref) | set(cur))
    p = np.array([ref.count(k) / len(ref) for k in keys])
    q = np.array([cur.count(k) / len(cur) for k in keys])
    return float(distance.jensenshannon(p, q))


categories = ["a", "b", "c", "d", "e"]
cat = []
for name, ref, cur in [
    ("same", list(rng.choice(categories, 900, p=[.4, .3, .15, .1, .05])),
     list(rng.choice(categories, 800, p=[.4, .3, .15, .1, .05]))),
    ("moved", list(rng.choice(categories, 900, p=[.4, .3, .15, .1, .05])),
     list(rng.choice(categories, 800, p=[.3, .3, .2, .1, .1]))),
]:
    ref = [str(x) for x in ref]
    cur = [str(x) for x in cur]
    cat.append({"name": name, "reference": ref, "current": cur, "chi_square_p": evidently_chi(ref, cur),
                "jensen_shannon": evidently_js(ref, cur)})
cases["categorical"] = cat

binary = []
for name, ref, cur in [
    ("flags", [str(x) for x in rng.choice(["false", "true"], 1000, p=[.7, .3])],
     [str(x) for x in rng.choice(["false", "true"], 700, p=[.64, .36])]),
]:
    binary.append({"name": name, "reference": ref, "current": cur, "z_p": evidently_z(ref, cur),
                   "jensen_shannon": evidently_js(ref, cur)})
cases["binary"] = binary

print(json.dumps(cases))
