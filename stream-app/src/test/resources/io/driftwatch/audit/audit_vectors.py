#!/usr/bin/python3
"""Reference vectors for the audit chain's canonical encoding and hash (docs/audit.md).

Independent of the Java code: written from the definition in docs/audit.md with the standard
library only. Run from the repository root:

    /usr/bin/python3 stream-app/src/test/resources/io/driftwatch/audit/audit_vectors.py \
        > stream-app/src/test/resources/io/driftwatch/audit/audit-vectors.json
"""
import hashlib
import json
import struct


def string(value):
    data = value.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def canonical(model_id, sequence, type_, time_ms, subject, payload, previous_hash):
    return (string(model_id) + struct.pack(">q", sequence) + string(type_) + struct.pack(">q", time_ms)
            + string(subject) + string(payload) + string(previous_hash))


def link(fields):
    body = canonical(**fields)
    digest = hashlib.sha256(bytes.fromhex(fields["previous_hash"]) + body).hexdigest()
    return body, digest


records = [
    dict(model_id="m1", sequence=0, type_="BASELINE_SET", time_ms=1700000000000, subject="v1",
         payload="{}", previous_hash="0" * 64),
]
# A second record chained to the first, with non-ASCII text to pin the UTF-8 rule.
body0, hash0 = link(records[0])
records.append(dict(model_id="m1", sequence=1, type_="ALERT_FIRED", time_ms=1700000060000,
                    subject="f\u00fcr-\u00e9t\u00e9", payload='{"rule":"psi"}', previous_hash=hash0))

out = []
for fields in records:
    body, digest = link(fields)
    entry = dict(fields)
    entry["type"] = entry.pop("type_")
    entry["canonical_hex"] = body.hex()
    entry["hash"] = digest
    out.append(entry)
print(json.dumps(out, indent=2, ensure_ascii=True))
