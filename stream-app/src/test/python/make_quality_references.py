#!/usr/bin/python3
"""Reference values for the model-quality tests of io.driftwatch.performance.

Writes JSON files under stream-app/src/test/resources/performance/: each holds the input records
and the expected figures, computed independently of the Java code with scikit-learn 1.2
(sklearn.metrics) where it has the metric, and with explicit numpy formulas where it has not
(ECE, the binned AUC and its bound, CBPE's expected confusion matrix, fairness figures).

Run with Debian's interpreter (numpy 1.24, scipy 1.10, scikit-learn 1.2):

    /usr/bin/python3 stream-app/src/test/python/make_quality_references.py

The data are drawn from fixed seeds, so the output is reproducible; commit it with this script.
"""

import json
import math
import os

import numpy as np
import sklearn
from sklearn import metrics

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "performance")
# scikit-learn 1.2 clips at eps="auto" (float64 machine epsilon); Driftwatch, like scikit-learn
# before 1.2, clips at 1e-15. Pass it explicitly.
LOG_LOSS_EPS = 1e-15


def write(name, payload):
    payload["generator"] = "make_quality_references.py (scikit-learn %s, numpy %s)" % (
        sklearn.__version__, np.__version__)
    path = os.path.join(OUT, name)
    records = payload.pop("records")
    text = json.dumps(payload, indent=1, sort_keys=True)
    # One record per line keeps the files small and their diffs readable.
    lines = ",\n".join("  " + json.dumps(r, sort_keys=True, separators=(",", ":")) for r in records)
    with open(path, "w") as f:
        f.write(text[:-1].rstrip() + ',\n "records": [\n' + lines + "\n ]\n}\n")
    print("wrote", os.path.normpath(path))


def per_class(y_true, y_pred, labels):
    p, r, f, s = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0)
    predicted = [int(np.sum(np.asarray(y_pred) == c)) for c in labels]
    return {c: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                "support": int(s[i]), "predicted": predicted[i]} for i, c in enumerate(labels)}


def binned_auc(scores, positive, bins):
    """AUC with same-bin pairs counted 1/2, and the bound b = sum(pos_i * neg_i) / (2 P N)."""
    idx = np.minimum(np.floor(scores * bins), bins - 1).astype(int)
    pos = np.bincount(idx[positive], minlength=bins).astype(float)
    neg = np.bincount(idx[~positive], minlength=bins).astype(float)
    below = np.concatenate([[0.0], np.cumsum(neg)[:-1]])
    pairs = pos.sum() * neg.sum()
    return float(np.sum(pos * (below + neg / 2)) / pairs), float(np.sum(pos * neg) / (2 * pairs))


def ece(scores, positive, bins=10):
    """Expected calibration error: sum_b n_b/N * |mean(y)_b - mean(score)_b|, bins [k/10, (k+1)/10)."""
    idx = np.minimum(np.floor(scores * bins), bins - 1).astype(int)
    total = 0.0
    for b in range(bins):
        in_bin = idx == b
        n_b = int(in_bin.sum())
        if n_b:
            total += n_b / len(scores) * abs(positive[in_bin].mean() - scores[in_bin].mean())
    return float(total)


def binary_case(rng, n, positive_label, negative_label, rounding, extra_bins):
    y = rng.random(n) < 0.4
    logits = rng.normal(1.2, 1.3, n) * np.where(y, 1, -1) + rng.normal(0, 0.4, n)
    scores = 1 / (1 + np.exp(-logits))
    if rounding is not None:
        scores = np.round(scores, rounding)
    # Edges: exact 0 and 1 (log-loss clipping), the decision threshold, bin boundaries.
    scores[:6] = [0.0, 1.0, 0.5, 0.1, 0.3, 0.999]
    y_true = np.where(y, positive_label, negative_label)
    derived = np.where(scores >= 0.5, positive_label, negative_label)
    # Most records carry the model's label; some leave it null to be derived from the score, and
    # some carry a label that disagrees with the threshold (a model with its own cut-off).
    given = derived.astype(object)
    flip = rng.random(n) < 0.05
    given[flip] = np.where(derived[flip] == positive_label, negative_label, positive_label)
    null = rng.random(n) < 0.1
    given[null] = None
    y_pred = np.where(null, derived, given).astype(str)
    positive = y_true == positive_label
    labels = sorted({negative_label, positive_label})
    auc_hist, auc_bound = binned_auc(scores, positive, 1000)
    expected = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "precision": metrics.precision_score(y_true, y_pred, pos_label=positive_label, zero_division=0),
        "recall": metrics.recall_score(y_true, y_pred, pos_label=positive_label, zero_division=0),
        "f1": metrics.f1_score(y_true, y_pred, pos_label=positive_label, zero_division=0),
        "macro_precision": metrics.precision_score(y_true, y_pred, average="macro", zero_division=0),
        "macro_recall": metrics.recall_score(y_true, y_pred, average="macro", zero_division=0),
        "macro_f1": metrics.f1_score(y_true, y_pred, average="macro", zero_division=0),
        "per_class": per_class(y_true, y_pred, labels),
        "roc_auc_exact": metrics.roc_auc_score(positive, scores),
        "roc_auc_binned_1000": auc_hist,
        "auc_error_bound_1000": auc_bound,
        "log_loss": metrics.log_loss(positive, scores, eps=LOG_LOSS_EPS),
        "brier": metrics.brier_score_loss(positive, scores),
        "ece": ece(scores, positive),
    }
    for bins in extra_bins:
        expected["roc_auc_binned_%d" % bins], expected["auc_error_bound_%d" % bins] = \
            binned_auc(scores, positive, bins)
    records = [{"predicted": given[i], "true": str(y_true[i]), "score": float(scores[i])}
               for i in range(n)]
    return {"positive_label": positive_label, "negative_label": negative_label,
            "records": records, "expected": {k: v if isinstance(v, dict) else float(v)
                                             for k, v in expected.items()}}


def multiclass_case(rng, n):
    classes = ["a", "b", "c", "d"]
    true_idx = rng.choice(4, size=n, p=[0.4, 0.3, 0.2, 0.1])
    logits = rng.normal(0, 1, (n, 4))
    logits[np.arange(n), true_idx] += 1.5
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y_true = np.array(classes)[true_idx]
    y_pred = np.array(classes)[probs.argmax(axis=1)].astype(object)
    # A class the model sometimes predicts that never occurs ("e": recall 0 with support 0), and
    # some predictions overridden by business rules, so the label is not always the argmax.
    override = rng.random(n) < 0.08
    y_pred[override] = rng.choice(["a", "b", "c", "d", "e"], size=int(override.sum()))
    y_pred = y_pred.astype(str)
    labels = sorted(set(y_true) | set(y_pred))
    expected = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "macro_precision": metrics.precision_score(y_true, y_pred, average="macro", zero_division=0),
        "macro_recall": metrics.recall_score(y_true, y_pred, average="macro", zero_division=0),
        "macro_f1": metrics.f1_score(y_true, y_pred, average="macro", zero_division=0),
        "per_class": per_class(y_true, y_pred, labels),
        "log_loss": metrics.log_loss(y_true, probs, labels=classes, eps=LOG_LOSS_EPS),
    }
    records = [{"predicted": str(y_pred[i]), "true": str(y_true[i]),
                "probabilities": {c: float(probs[i, k]) for k, c in enumerate(classes)}}
               for i in range(n)]
    return {"records": records, "expected": {k: v if isinstance(v, dict) else float(v)
                                             for k, v in expected.items()}}


def regression_case(rng, n, offset, spread, zero_share):
    y = offset + rng.normal(0, spread, n)
    y[rng.random(n) < zero_share] = 0.0
    pred = y + rng.normal(0.8, 0.3 * spread, n)
    nonzero = y != 0
    expected = {
        "mae": metrics.mean_absolute_error(y, pred),
        "rmse": math.sqrt(metrics.mean_squared_error(y, pred)),
        "mean_error": float(np.mean(pred - y)),
        "mape": metrics.mean_absolute_percentage_error(y[nonzero], pred[nonzero]),
        "mape_count": int(nonzero.sum()),
        "r2": metrics.r2_score(y, pred),
    }
    return {"records": [{"predicted": float(pred[i]), "true": float(y[i])} for i in range(n)],
            "expected": {k: float(v) if k != "mape_count" else v for k, v in expected.items()}}


def fairness_case(rng):
    # Group -> (predictions, base rate of true positives, TPR); FPR 0.15 everywhere. C's lower TPR
    # makes a known gap in positive rate and in equal opportunity; D is below the minimum count.
    spec = {"A": (600, 0.45, 0.85), "B": (450, 0.40, 0.70), "C": (300, 0.35, 0.50), "D": (20, 0.30, 0.20)}
    records = []
    for group, (n, base, tpr) in spec.items():
        actual = rng.random(n) < base
        predicted = np.where(actual, rng.random(n) < tpr, rng.random(n) < 0.15)
        labelled = rng.random(n) < 0.9
        for i in range(n):
            records.append({"group": group, "predicted_positive": bool(predicted[i]),
                            "actual_positive": bool(actual[i]) if labelled[i] else None})
    order = rng.permutation(len(records))
    records = [records[i] for i in order]

    groups = {}
    for g in sorted(spec):
        rows = [r for r in records if r["group"] == g]
        pred = np.array([r["predicted_positive"] for r in rows])
        lab = [r for r in rows if r["actual_positive"] is not None]
        lp = np.array([r["predicted_positive"] for r in lab])
        la = np.array([r["actual_positive"] for r in lab])
        tp = int(np.sum(lp & la)); fp = int(np.sum(lp & ~la))
        tn = int(np.sum(~lp & ~la)); fn = int(np.sum(~lp & la))
        groups[g] = {"count": len(rows), "positive_predictions": int(pred.sum()),
                     "tp": tp, "fp": fp, "tn": tn, "fn": fn,
                     "positive_rate": float(pred.mean()), "tpr": tp / (tp + fn), "fpr": fp / (fp + tn),
                     "accuracy": (tp + tn) / len(lab)}
    min_count = 30

    def figures(reference):
        eligible = [g for g in groups if groups[g]["count"] >= min_count]
        if reference is None:  # the group with the highest positive rate
            reference = max(eligible, key=lambda g: groups[g]["positive_rate"])
        others = [g for g in eligible if g != reference]
        pr_ref = groups[reference]["positive_rate"]
        ratios = {g: groups[g]["positive_rate"] / pr_ref for g in others}
        tpr_ok = [g for g in others if groups[g]["tp"] + groups[g]["fn"] >= min_count]
        return {"reference_group": reference,
                "demographic_parity_difference": max(abs(groups[g]["positive_rate"] - pr_ref) for g in others),
                "disparate_impact_ratio": min(ratios.values()),
                "worst_group": min(others, key=lambda g: ratios[g]),
                "equal_opportunity_difference": max(abs(groups[g]["tpr"] - groups[reference]["tpr"])
                                                    for g in tpr_ok),
                "compared_groups": sorted(others),
                "excluded_groups": sorted(g for g in groups if g not in eligible)}

    return {"attribute": "group", "min_group_count": min_count, "records": records,
            "expected": {"groups": groups, "best_reference": figures(None),
                         "reference_B": figures("B")}}


def cbpe_case(rng, n):
    scores = rng.beta(0.8, 1.2, n)
    given = rng.random(n) < 0.2
    predicted = np.where(given, rng.random(n) < 0.5, scores >= 0.5)
    tp = float(np.sum(np.where(predicted, scores, 0)))
    fp = float(np.sum(np.where(predicted, 1 - scores, 0)))
    fn = float(np.sum(np.where(predicted, 0, scores)))
    tn = float(np.sum(np.where(predicted, 0, 1 - scores)))
    return {"records": [{"score": float(scores[i]),
                         "predicted_positive": bool(predicted[i]) if given[i] else None}
                        for i in range(n)],
            "expected": {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "accuracy": (tp + tn) / n,
                         "precision": tp / (tp + fp), "recall": tp / (tp + fn),
                         "f1": 2 * tp / (2 * tp + fp + fn)}}


def main():
    os.makedirs(OUT, exist_ok=True)
    write("classification_binary.json",
          binary_case(np.random.default_rng(20240601), 2000, "1", "0", None, [10]))
    write("classification_binary_coarse.json",
          binary_case(np.random.default_rng(20240602), 1500, "fraud", "ok", 4, [10, 100]))
    write("classification_multiclass.json", multiclass_case(np.random.default_rng(20240603), 1200))
    write("regression.json", regression_case(np.random.default_rng(20240604), 1000, 50.0, 10.0, 0.05))
    write("regression_large_offset.json",
          regression_case(np.random.default_rng(20240605), 1000, 1e9, 1.0, 0.0))
    write("fairness.json", fairness_case(np.random.default_rng(20240606)))
    write("cbpe.json", cbpe_case(np.random.default_rng(20240607), 1000))


if __name__ == "__main__":
    main()
