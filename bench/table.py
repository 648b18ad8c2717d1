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


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def main(path):
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    # run.sh runs every stage in rounds (kit and peer once each per round, in alternating order); the i-th kit line of a
    # stage and the i-th peer line of each variant come from the same round.
    kit_rounds, peer_rounds = {}, {}
    for r in rows:
        if r.get("side") == "kit" and "value" in r:
            kit_rounds.setdefault((r["stage"], r.get("config")), []).append(r)
        elif r.get("side") == "peer":
            peer_rounds.setdefault((r["stage"], r.get("config"), r["variant"]), []).append(r)
    # one summary line per kit stage: the median over rounds of each round's median, and the fastest run of all rounds
    kit = {key: dict(rs[0], value=median([r["value"] for r in rs]), best=max(r.get("best", r["value"]) for r in rs),
                     gflops=median([r["gflops"] for r in rs]) if "gflops" in rs[0] else None, rounds=len(rs))
           for key, rs in kit_rounds.items()}
    rounds = max([len(rs) for rs in kit_rounds.values()] or [1])
    print("Rates: median over %d round(s) of each round's median (fastest run of all rounds in brackets). 'ratio median' is" % rounds)
    print("the median over rounds of kit/peer in the same round; 'ratio fastest' compares the fastest runs; 'met' judges")
    print("the ratio of the fastest runs, the least disturbed by other processes on a shared machine.")
    print()
    print("| stage | config | kit | peer (variant) | unit | ratio median | ratio fastest | target | met |")
    print("|---|---|---:|---:|---|---:|---:|---:|---|")
    for (stage, config, variant), ps in peer_rounds.items():
        ks = kit_rounds.get((stage, config))
        if not ks:
            continue
        k = kit[(stage, config)]
        ratio = median([kr["value"] / pr["value"] for kr, pr in zip(ks, ps)])
        peer_value = median([pr["value"] for pr in ps])
        peer_best = max(pr.get("best", pr["value"]) for pr in ps)
        best = k["best"] / peer_best
        target = TARGETS.get((stage, config, variant))
        met = "" if target is None else ("yes" if best >= target else "no (%.1f%% short)" % (100 * (1 - best / target)))
        print("| %s | %s | %.1f (%.1f) | %.1f (%.1f) (%s) | %s | %.2fx | %.2fx | %s | %s |" % (
            stage, config, k["value"], k["best"], peer_value, peer_best,
            variant, ps[0]["unit"], ratio, best, "" if target is None else ">= %.1fx" % target, met))
    sgemm = kit.get(("sgemm", "2048"))
    for (stage, config), r in kit.items():
        if stage == "train" and sgemm and r.get("gflops") is not None:
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
