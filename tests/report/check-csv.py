#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads a Vigil CSV export back with Python's csv module and checks it
# against what the test wrote: check-csv.py FILE SPEC.json
# Exit 0 when it matches; otherwise one line per problem on stderr, exit 1.
import csv
import datetime
import json
import sys

COLUMNS = ["record", "session_id", "simulated", "patient", "time", "time_unix_us",
           "elapsed_s", "phase", "kind", "condition", "value", "unit", "diastolic",
           "mean", "quality", "priority", "limit", "old_limit", "override", "who",
           "detail"]


def main():
    path, spec_text = sys.argv[1], sys.argv[2]
    spec = json.loads(spec_text)
    problems = []

    raw = open(path, "rb").read()
    text = raw.decode("utf-8")  # raises if not UTF-8
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("the file starts with a byte order mark")
    if not raw.endswith(b"\r\n"):
        problems.append("the last record does not end with CRLF")

    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    if rows[0] != COLUMNS:
        problems.append("header is %r" % rows[0])
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    for i, r in enumerate(rows[1:]):
        if len(r) != len(COLUMNS):
            problems.append("row %d has %d fields" % (i + 2, len(r)))

    # Every physical line break outside a quoted field is CRLF: re-serialising
    # with the csv module's RFC 4180 dialect gives back the same bytes.
    out = []
    class Sink:
        def write(self, s):
            out.append(s)
    csv.writer(Sink(), lineterminator="\r\n").writerows(rows)
    if "".join(out) != text:
        problems.append("the file is not in canonical RFC 4180 form")

    counts = {}
    for r in body:
        counts[r["record"]] = counts.get(r["record"], 0) + 1
    for kind, n in spec["counts"].items():
        if counts.get(kind, 0) != n:
            problems.append("%d %s rows, expected %d" % (counts.get(kind, 0), kind, n))
    for kind in counts:
        if kind not in spec["counts"]:
            problems.append("unexpected record kind %r" % kind)

    last = None
    for r in body:
        if r["simulated"] != spec["simulated"]:
            problems.append("simulated=%r on a %s row" % (r["simulated"], r["record"]))
            break
        if r["patient"] != spec["patient"]:
            problems.append("patient=%r on a %s row" % (r["patient"], r["record"]))
            break
        if r["session_id"] != str(spec["session_id"]):
            problems.append("session_id=%r" % r["session_id"])
            break
        us = int(r["time_unix_us"])
        t = datetime.datetime.fromisoformat(r["time"])
        if t.tzinfo is None or abs(t.timestamp() * 1e6 - us) > 1000:
            problems.append("time %r does not match time_unix_us %d" % (r["time"], us))
            break
        if last is not None and us < last:
            problems.append("rows are not in time order at %r" % r["time"])
            break
        last = us

    for record, column, value in spec["contains"]:
        if not any(r["record"] == record and r[column] == value for r in body):
            problems.append("no %s row with %s = %r" % (record, column, value))

    for p in problems:
        print("check-csv: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
