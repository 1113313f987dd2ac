#!/usr/bin/env python3
"""Which rung metric predicts a trial's final validation accuracy (docs/pruning.md, "Which rung metric (measured)").

Reads the CSV that scripts/rung-study makes with `./ffsweep sql --format csv` (one row per evaluation and one
per recorded step and layer, each with its trial's threshold, margin and seed) and prints, for every rung step:

  - the Spearman rank correlation of each candidate signal at that rung with the trial's final validation
    accuracy (the accuracy at its last evaluation);
  - whether the final best trial (by final validation accuracy) survives a 1/3 cut at that rung by that signal,
    and how many of the final top 5 do;

and, for successive halving with reduction factor eta from each min-steps, the configuration it picks by each
signal (survivors run to the end and the best final validation accuracy wins), its test accuracy, and the
trial-steps it costs, next to the full grid's best.

Every signal is oriented so that higher means better:
  val_acc      validation accuracy at the rung
  sep_min      min over layers of (g_pos - g_neg) / threshold at the rung
  sep_mean     mean over layers of the same
  loss_drop    minus the least-squares slope of the last layer's loss over the window [rung / 2, rung]
               (per step; positive = the loss is falling)
  not_collapsed  1 if the evaluation at the rung predicted more than one label, else 0
  val+sep      validation accuracy, ties (to 0.1 point) broken by sep_mean

A signal is read at the latest recorded step at or before the rung. Ties in a cut are broken by trial id, as a
deterministic scheduler would. Python 3 standard library only.

  python3 scripts/rung_study.py FILE.csv [--rungs 20,40,60,80,120,160] [--min-steps 20,40,60] [--eta 3]

With --plateau it reads instead the stderr of `./ffsweep train` runs (one file per run, named ...-tTHRESHOLD.log;
a run cut short by a time limit counts up to its last line) and prints how long each stayed on the plateau:

  python3 scripts/rung_study.py --plateau target/rung-study-default/*.log
"""
import argparse
import csv
import math
import re
import sys
from collections import defaultdict

SIGNALS = ["val_acc", "sep_min", "sep_mean", "loss_drop", "not_collapsed", "val+sep"]


def number(text):
    return None if text is None or text == "" else float(text)


def load(path):
    trials = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            tid = row["trial_id"]
            t = trials.get(tid)
            if t is None:
                t = trials[tid] = {"id": tid, "threshold": float(row["threshold"]), "margin": float(row["margin"]),
                                   "seed": row["seed"], "evals": {}, "layers": defaultdict(dict)}
            step = int(row["step"])
            if row["src"] == "eval":
                t["evals"][step] = (number(row["validation_accuracy"]), number(row["test_accuracy"]),
                                    row["collapsed"].lower() == "true")
            else:
                t["layers"][step][int(row["layer"])] = (number(row["loss"]), number(row["goodness_pos"]),
                                                         number(row["goodness_neg"]))
    for t in trials.values():
        last = max(t["evals"])
        t["steps"] = max(last, max(t["layers"]) if t["layers"] else 0)
        t["final_val"], t["final_test"], t["final_collapsed"] = t["evals"][last]
    return trials


def at_or_before(table, step):
    steps = [s for s in table if s <= step]
    return table[max(steps)] if steps else None


def signal(t, name, rung):
    if name in ("val_acc", "not_collapsed", "val+sep"):
        e = at_or_before(t["evals"], rung)
        if e is None:
            return None
        if name == "val_acc":
            return e[0]
        if name == "not_collapsed":
            return 0.0 if e[2] else 1.0
        sep = signal(t, "sep_mean", rung)
        return round(e[0], 3) + 1e-6 * max(-100.0, min(100.0, sep if sep is not None else 0.0))
    if name in ("sep_min", "sep_mean"):
        layers = at_or_before(t["layers"], rung)
        if layers is None:
            return None
        seps = [(gp - gn) / t["threshold"] for (_, gp, gn) in layers.values()]
        return min(seps) if name == "sep_min" else sum(seps) / len(seps)
    if name == "loss_drop":
        points = []
        for s, layers in t["layers"].items():
            if rung / 2 <= s <= rung:
                last = layers[max(layers)][0]
                if last is not None and math.isfinite(last):
                    points.append((s, last))
        if len(points) < 2:
            return None
        mx = sum(p[0] for p in points) / len(points)
        my = sum(p[1] for p in points) / len(points)
        sxx = sum((p[0] - mx) ** 2 for p in points)
        return -sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
    raise ValueError(name)


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return None if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


def top(trials, key, keep):
    """The `keep` best trials by key (higher is better; None is worst), ties broken by trial id."""
    ranked = sorted(trials, key=lambda t: (-(key(t) if key(t) is not None else -math.inf), t["id"]))
    return ranked[:keep]


def successive_halving(trials, name, min_steps, eta):
    """Survivors of cuts to 1/eta at min_steps * eta^k; they run to the end and the best final validation wins."""
    alive = list(trials)
    max_steps = max(t["steps"] for t in trials)
    cost = 0
    rung = min_steps
    rungs = []
    while rung < max_steps and len(alive) > 1:
        keep = max(1, len(alive) // eta)
        survivors = top(alive, lambda t: signal(t, name, rung), keep)
        cost += (len(alive) - len(survivors)) * rung
        rungs.append(f"{rung}:{len(alive)}->{len(survivors)}")
        alive = survivors
        rung *= eta
    cost += sum(t["steps"] for t in alive)
    pick = top(alive, lambda t: t["final_val"], 1)[0]
    return pick, cost, rungs


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:+.{digits}f}"


def describe(t):
    return f"t={t['threshold']:g} m={t['margin']:g} seed={t['seed']}"


STEP_LINE = re.compile(r"^step (\d+)/\d+ .*\| loss([ \d.eE+-]+)\| g\+([ \d.eE+-]+)\| g-([ \d.eE+-]+)\| ([\d.]+) s")
EVAL_LINE = re.compile(r"^eval  step (\d+) \| test ([\d.]+)%.*?(?:validation ([\d.]+)%)? \| (COLLAPSED|\d+ labels).*\| ([\d.]+) s")


def plateau(paths):
    print("| threshold | steps run | seconds | collapsed evaluations | last collapsed step | first step val > 20% "
          "| min-layer sep at steps 25/100/200/last | last val | last test |")
    print("|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for path in paths:
        threshold = float(re.search(r"-t([\d.]+)\.log$", path).group(1))
        seps, evals, seconds = {}, [], 0.0
        with open(path) as f:
            for line in f:
                m = STEP_LINE.match(line)
                if m:
                    gp = [float(x) for x in m.group(3).split()]
                    gn = [float(x) for x in m.group(4).split()]
                    seps[int(m.group(1))] = min((a - b) / threshold for a, b in zip(gp, gn))
                    seconds = float(m.group(5))
                    continue
                m = EVAL_LINE.match(line)
                if m:
                    evals.append((int(m.group(1)), float(m.group(2)), float(m.group(3)) if m.group(3) else None,
                                  m.group(4) == "COLLAPSED"))
        last = max(seps) if seps else 0
        coll = [e[0] for e in evals if e[3]]
        above = [e[0] for e in evals if e[2] is not None and e[2] > 20]
        at = []
        for s in (25, 100, 200, last):
            near = [k for k in seps if k <= s]
            at.append(f"{seps[max(near)]:+.3f}" if near else "-")
        lv = f"{evals[-1][2]:.2f}%" if evals and evals[-1][2] is not None else "-"
        lt = f"{evals[-1][1]:.2f}%" if evals else "-"
        print(f"| {threshold:g} | {last} | {seconds:.0f} | {len(coll)}/{len(evals)} | {max(coll) if coll else '-'} | "
              f"{above[0] if above else 'not within ' + str(last)} | {' / '.join(at)} | {lv} | {lt} |")
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--plateau":
        return plateau(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv")
    p.add_argument("--rungs", default="20,40,60,80,120,160")
    p.add_argument("--min-steps", default="20,40,60")
    p.add_argument("--eta", type=int, default=3)
    a = p.parse_args()
    trials = sorted(load(a.csv).values(), key=lambda t: t["id"])
    if not trials:
        print(f"rung_study: {a.csv}: no trials", file=sys.stderr)
        return 2
    rungs = [int(r) for r in a.rungs.split(",")]
    final = [t["final_val"] for t in trials]
    best = top(trials, lambda t: t["final_val"], 1)[0]
    top5 = {t["id"] for t in top(trials, lambda t: t["final_val"], 5)}
    full_cost = sum(t["steps"] for t in trials)
    best_test = max(trials, key=lambda t: t["final_test"])
    collapsed_final = sum(1 for t in trials if t["final_collapsed"])
    print(f"{len(trials)} trials, {full_cost} trial-steps; final validation accuracy "
          f"{min(final):.4f} .. {max(final):.4f}; {collapsed_final} collapsed at the end")
    print(f"best by final validation: {describe(best)} val {best['final_val']:.4f} test {best['final_test']:.4f}; "
          f"best test of the grid: {describe(best_test)} test {best_test['final_test']:.4f}")
    print()
    print("Spearman rank correlation with final validation accuracy (n = trials with the signal)")
    print("| signal | " + " | ".join(f"step {r}" for r in rungs) + " |")
    print("|---|" + "---:|" * len(rungs))
    for name in SIGNALS:
        cells = []
        for r in rungs:
            pairs = [(signal(t, name, r), t["final_val"]) for t in trials]
            pairs = [(x, y) for x, y in pairs if x is not None]
            rho = spearman([x for x, _ in pairs], [y for _, y in pairs]) if len(pairs) > 2 else None
            cells.append(fmt(rho) + ("" if len(pairs) == len(trials) else f" (n={len(pairs)})"))
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    keep = math.ceil(len(trials) / 3)
    print(f"1/3 cut at the rung (keep {keep} of {len(trials)}): does the final best survive? how many of the final top 5?")
    print("| signal | " + " | ".join(f"step {r}" for r in rungs) + " |")
    print("|---|" + "---:|" * len(rungs))
    for name in SIGNALS:
        cells = []
        for r in rungs:
            kept = {t["id"] for t in top(trials, lambda t: signal(t, name, r), keep)}
            cells.append(("yes" if best["id"] in kept else "NO") + f", {len(kept & top5)}/5")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print(f"Successive halving, eta = {a.eta}: the pick (survivors run to the end, best final validation wins)")
    print("| signal | min-steps | rungs (step:in->out) | pick | pick val | pick test | test vs grid's pick | trial-steps |")
    print("|---|---:|---|---|---:|---:|---:|---:|")
    for m in [int(x) for x in a.min_steps.split(",")]:
        for name in SIGNALS:
            pick, cost, rs = successive_halving(trials, name, m, a.eta)
            print(f"| {name} | {m} | {' '.join(rs)} | {describe(pick)} | {pick['final_val']:.4f} | "
                  f"{pick['final_test']:.4f} | {100 * (pick['final_test'] - best['final_test']):+.2f} pt | "
                  f"{cost} ({100 * cost / full_cost:.0f}%) |")
    print()
    print("Plateau: last evaluation step with every image given one label (collapsed), per trial that had one")
    print("| trial | collapsed evaluations | last collapsed step | first step val > 0.2 | final val | final test |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in sorted(trials, key=lambda t: (t["margin"], t["threshold"], t["seed"])):
        coll = [s for s, e in t["evals"].items() if e[2]]
        if not coll:
            continue
        above = [s for s, e in sorted(t["evals"].items()) if e[0] is not None and e[0] > 0.2]
        print(f"| {describe(t)} | {len(coll)}/{len(t['evals'])} | {max(coll)} | "
              f"{above[0] if above else 'never'} | {t['final_val']:.4f} | {t['final_test']:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
