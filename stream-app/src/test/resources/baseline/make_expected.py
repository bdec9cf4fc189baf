"""Reference values for the baseline.io tests, computed independently of the Java code.

Run with Debian's python3 (numpy 1.24, scikit-learn 1.2) from this directory:
    /usr/bin/python3 make_expected.py
It reads the committed sample files and writes expected.json next to them.

Conventions matched to the Java accumulators (see io.driftwatch.performance):
- predicted label of a binary score: "1" iff score >= 0.5;
- log loss: natural log, probabilities clipped to [1e-15, 1 - 1e-15];
- ECE: 10 equal-width bins, bin = min(floor(10 s), 9), weighted by count;
- standard deviations are population (ddof = 0), over finite values only;
- MAPE over true values != 0, as a fraction.
"""
import csv
import json
import math

import numpy as np
from sklearn import metrics


def binary_quality(scores, labels):
    s = np.array(scores, dtype=float)
    y = np.array(labels, dtype=int)
    pred = (s >= 0.5).astype(int)
    clipped = np.clip(s, 1e-15, 1 - 1e-15)
    bins = np.minimum(np.floor(s * 10).astype(int), 9)
    ece = sum(abs(y[bins == b].sum() - s[bins == b].sum()) for b in range(10)) / len(s)
    return {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "macro_precision": metrics.precision_score(y, pred, average="macro", zero_division=0),
        "macro_recall": metrics.recall_score(y, pred, average="macro", zero_division=0),
        "macro_f1": metrics.f1_score(y, pred, average="macro", zero_division=0),
        "roc_auc": metrics.roc_auc_score(y, s),
        "log_loss": float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))),
        "brier": metrics.brier_score_loss(y, s),
        "ece": float(ece),
    }


def regression_quality(pred, true):
    p = np.array(pred, dtype=float)
    t = np.array(true, dtype=float)
    nz = t != 0
    return {
        "mae": metrics.mean_absolute_error(t, p),
        "rmse": math.sqrt(metrics.mean_squared_error(t, p)),
        "mape": float(np.mean(np.abs(p[nz] - t[nz]) / np.abs(t[nz]))),
        "r2": metrics.r2_score(t, p),
        "mean_error": float(np.mean(p - t)),
    }


def numeric_summary(texts):
    values = []
    missing = 0
    non_finite = 0
    for v in texts:
        if v == "" or v is None:
            missing += 1
            continue
        x = float(v)
        if not math.isfinite(x):
            non_finite += 1
            continue
        values.append(x)
    a = np.array(values)
    return {"count": len(values), "missing": missing, "non_finite": non_finite,
            "mean": float(a.mean()), "std_dev": float(a.std()), "min": float(a.min()), "max": float(a.max())}


def frequencies(texts):
    counts = {}
    missing = 0
    for v in texts:
        if v == "" or v is None:
            missing += 1
        else:
            counts[v] = counts.get(v, 0) + 1
    return {"frequencies": counts, "missing": missing}


with open("credit_sample.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
credit = {
    "rows": len(rows),
    "quality": binary_quality([float(r["score"]) for r in rows], [int(r["label"]) for r in rows]),
    "age": numeric_summary([r["age"] for r in rows]),
    "income": numeric_summary([r["income"] for r in rows]),
    "region": frequencies([r["region"] for r in rows]),
    "has_mortgage": frequencies([r["has_mortgage"] for r in rows]),
    "note": frequencies([r["note"] for r in rows]),
    "score": numeric_summary([r["score"] for r in rows]),
    "label": frequencies([r["label"] for r in rows]),
}

eta_rows = []
with open("eta_sample.jsonl", encoding="utf-8") as f:
    for line in f:
        if line.strip():
            eta_rows.append(json.loads(line))
both = [r for r in eta_rows if r.get("prediction") is not None and r.get("target") is not None]
eta = {
    "rows": len(eta_rows),
    "labelled": sum(1 for r in eta_rows if r.get("target") is not None),
    "quality": regression_quality([r["prediction"] for r in both], [r["target"] for r in both]),
    "distance_km": numeric_summary([r.get("distance_km") for r in eta_rows]),
    "target": numeric_summary([r.get("target") for r in eta_rows]),
}

with open("expected.json", "w", encoding="utf-8") as f:
    json.dump({"credit_sample.csv": credit, "eta_sample.jsonl": eta}, f, indent=2, sort_keys=True)
    f.write("\n")
