#!/usr/bin/env python3
"""Deterministic JSON-lines log for the json-format benchmark.

The records are genlog.py's MAPREDUCE:REQUEST lines (same seed, same order, same values), each written as one
JSON object with the request fields under "http":

  {"time":"1125-000000","level":"INFO","caller":"handler.go:77","http":{"method":"GET","status":200,
   "path":"/api/v1/users","bytes":4711},"latency":23.112,"user":"user42","host":"web01"}

The same seed and size always give the same bytes.

usage: genjsonl.py OUTFILE SIZE_MB [--seed N] [--host NAME] [--genlog PATH]
"""
import argparse
import importlib.util
import json
import os
import sys


def load_genlog(path):
    spec = importlib.util.spec_from_file_location("genlog", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(genlog, rng, host):
    """genlog's REQUEST lines as JSON text, in genlog's order."""
    for line in genlog.lines(rng, host):
        fields = line.split("|")
        if len(fields) < 10 or fields[9] != "MAPREDUCE:REQUEST":
            continue
        kv = dict(f.split("=", 1) for f in fields[10:])
        yield json.dumps({
            "time": fields[1],
            "level": fields[0],
            "caller": fields[3],
            "http": {"method": kv["method"], "status": int(kv["status"]), "path": kv["path"],
                     "bytes": int(kv["bytes"])},
            "latency": float(kv["latency"]),
            "user": kv["user"],
            "host": kv["host"],
        }, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outfile")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--host", default="web01")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--genlog", default=os.path.join(here, "..", "..", "shared", "bench", "genlog.py"))
    a = ap.parse_args()
    genlog = load_genlog(a.genlog)
    rng = genlog.random.Random(a.seed)
    limit = int(a.size_mb * 1024 * 1024)
    out = sys.stdout if a.outfile == "-" else open(a.outfile, "w", buffering=1 << 20)
    written = 0
    buf = []
    for record in records(genlog, rng, a.host):
        buf.append(record)
        written += len(record) + 1
        if len(buf) >= 10000:
            out.write("\n".join(buf) + "\n")
            buf.clear()
        if written >= limit:
            break
    if buf:
        out.write("\n".join(buf) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
