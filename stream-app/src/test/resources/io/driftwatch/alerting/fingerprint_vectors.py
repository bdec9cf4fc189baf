#!/usr/bin/python3
"""Reference vectors for alert fingerprints (docs/alerting.md#fingerprints), written from the
definition with the standard library only. Run from the repository root:

    /usr/bin/python3 stream-app/src/test/resources/io/driftwatch/alerting/fingerprint_vectors.py \
        > stream-app/src/test/resources/io/driftwatch/alerting/fingerprint-vectors.json
"""
import hashlib
import json
import struct


def field(value):
    if value is None:
        return struct.pack(">i", -1)
    data = value.encode("utf-8")
    return struct.pack(">i", len(data)) + data


def fingerprint(model_id, model_version, rule, feature, segment):
    data = b"".join(field(v) for v in (model_id, model_version, rule, feature, segment))
    return hashlib.sha256(data).hexdigest()[:32]


cases = [
    ("fraud-scorer", "3", "feature-psi-major", "amount", None),
    ("fraud-scorer", "3", "latency-p99", None, None),
    ("fraud-scorer", "3", "disparate-impact", None, "gender"),
    ("fraud-scorer", "3", "segment-accuracy", None, "region=eu-west"),
    ("fraud-scorer", "3", "feature-psi-major", "", None),
    ("mod\u00e8le", "v1", "r", "caf\u00e9", "r\u00e9gion=\u00eele"),
]
print(json.dumps([dict(model_id=c[0], model_version=c[1], rule=c[2], feature=c[3], segment=c[4],
                       fingerprint=fingerprint(*c)) for c in cases], indent=2, ensure_ascii=True))
