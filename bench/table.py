#!/usr/bin/python3
"""Reads the JSON lines of bench/run.sh and prints the ratio table (kit / peer) with the issue's targets."""
import json
import sys

# (stage, config, peer variant) -> target ratio kit/peer
TARGETS = {
    ("train", "issue", "hoisted"): 4.0, ("train", "issue", "published"): 6.0,
    ("greedy", "issue", "hoisted"): 4.0, ("beam3", "issue", "hoisted"): 3.0,
    ("encoder", "resnet18-224-b32", "torchvision"): 1.5,
    ("images", "1worker", "pil-torchvision"): 1.0, ("images", "2worker", "pil-torchvision"): 1.3,
}


def main(path):
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    kit = {(r["stage"], r.get("config")): r for r in rows if r.get("side") == "kit"}
    peers = [r for r in rows if r.get("side") == "peer"]
    print("Rates: median of the timed runs (fastest run in brackets). 'met' judges the ratio of the fastest runs,")
    print("the least disturbed by other processes on a shared machine.")
    print()
    print("| stage | config | kit | peer (variant) | unit | ratio median | ratio fastest | target | met |")
    print("|---|---|---:|---:|---|---:|---:|---:|---|")
    for p in peers:
        k = kit.get((p["stage"], p["config"]))
        if k is None:
            continue
        ratio = k["value"] / p["value"]
        best = k.get("best", k["value"]) / p.get("best", p["value"])
        target = TARGETS.get((p["stage"], p["config"], p["variant"]))
        met = "" if target is None else ("yes" if best >= target else "no (%.0f%% short)" % (100 * (1 - best / target)))
        print("| %s | %s | %.1f (%.1f) | %.1f (%.1f) (%s) | %s | %.2fx | %.2fx | %s | %s |" % (
            p["stage"], p["config"], k["value"], k.get("best", k["value"]), p["value"], p.get("best", p["value"]),
            p["variant"], p["unit"], ratio, best, "" if target is None else ">= %.1fx" % target, met))
    sgemm = kit.get(("sgemm", "2048"))
    for (stage, config), r in kit.items():
        if stage == "train" and sgemm and "gflops" in r:
            best = r["gflops"] * r.get("best", r["value"]) / r["value"]
            print("train step %s: %.1f GFLOP/s (fastest run %.1f) = %.0f%% of the kit's sgemm %.1f GFLOP/s (fastest: %.0f%% of %.1f; target >= 85%%)" % (
                config, r["gflops"], best, 100 * r["gflops"] / sgemm["value"], sgemm["value"],
                100 * best / sgemm.get("best", sgemm["value"]), sgemm.get("best", sgemm["value"])))
    for r in rows:
        if r["stage"] == "memory":
            print("memory (%s, %d steps): RSS %.0f MB -> %.0f MB (%+.1f%%, peak %.0f MB; target within 5%%)" % (
                r["config"], r["steps"], r["rss_start_mb"], r["rss_end_mb"], r["value"], r["rss_peak_mb"]))
        if r["stage"] == "coldstart-steps":
            print("  %s: %s" % (r["checkpoint"].rsplit("/", 1)[-1], ", ".join("%s %.2f s" % kv for kv in r["seconds_since_start"].items())))
        if r["stage"] == "cold-start":
            print("cold start, caption one.jpg with a %s checkpoint: %.2f s (median of %d; target <= 1.5 s)" % (
                r["config"], r["value"], r.get("runs", 1)))


if __name__ == "__main__":
    main(sys.argv[1])
