"""Score the analysis core against hand-labelled evaluation articles.

    .venv/bin/python bench/eval_score.py [--verbose] [SET ...]

Each set under ``bench/eval/`` holds ``articles.jsonl`` (original articles written for this project,
in one style each) and ``labels.json`` (the analysis their writer expected). The articles of each set
are analysed as one stream (``monitor analyze``) and compared fact by fact: a diplomatic action is
(type, actors, targets, background flag) and a troop figure (value, actor, background flag), each
distinct fact of an article once; a sanctions act with several targets counts once per target, as
writers split or merge packages differently. Prints precision and recall per set and in all, and with
``--verbose`` every miss and false fact.

The writers' labels are not the seed labels: where they read a convention differently (an appeal to
stop something, which the seed labels do not count as an appeal; a national army's size, which this
code reads as background), the score shows it as a miss or a false fact.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

EVAL = Path(__file__).parent / "eval"
Fact = tuple[Any, ...]


def _action_facts(a: dict[str, Any]) -> list[Fact]:
    targets = sorted(a.get("targets") or [])
    split = [[t] for t in targets] if a["type"] == "sanctions" and len(targets) > 1 else [targets]
    return [("action", a["type"], tuple(sorted(a.get("actors") or [])), tuple(t), bool(a.get("historical")))
            for t in split]


def _figure_fact(f: dict[str, Any]) -> Fact:
    return ("figure", int(f["value"]), f.get("actor"), bool(f.get("historical")))


def _facts(record: dict[str, Any]) -> tuple[dict[Fact, str], dict[Fact, str]]:
    actions = {k: a.get("sentence", a.get("quote", "")) for a in record.get("diplomatic_actions", [])
               for k in _action_facts(a)}
    figures = {_figure_fact(f): f.get("sentence", f.get("quote", "")) for f in record.get("troop_figures", [])}
    return actions, figures


def score(name: str, verbose: bool) -> dict[str, list[int]]:
    """[true positives, predicted, expected] for actions, figures and exact topic sets of one set."""
    gold = json.loads((EVAL / name / "labels.json").read_text(encoding="utf-8"))["articles"]
    run = subprocess.run([sys.executable, "-m", "monitor", "analyze", str(EVAL / name / "articles.jsonl")],
                         capture_output=True, text=True, check=True)
    totals = {"actions": [0, 0, 0], "figures": [0, 0, 0], "topics": [0, 0, 0]}
    for line in run.stdout.splitlines():
        got = json.loads(line)
        want = gold.get(got["id"])
        if want is None:
            continue
        for kind, pred, exp in zip(("actions", "figures"), _facts(got), _facts(want), strict=True):
            hit = pred.keys() & exp.keys()
            totals[kind][0] += len(hit)
            totals[kind][1] += len(pred)
            totals[kind][2] += len(exp)
            if verbose:
                for k in sorted(exp.keys() - hit, key=str):
                    print(f"  {got['id']} missed {k}: {exp[k][:120]}")
                for k in sorted(pred.keys() - hit, key=str):
                    print(f"  {got['id']} false  {k}: {pred[k][:120]}")
        same = set(got["topics"]) == set(want.get("topics", []))
        totals["topics"][0] += same
        totals["topics"][2] += 1
        if verbose and not same:
            print(f"  {got['id']} topics {got['topics']}, expected {want.get('topics')}")
    return totals


def _line(label: str, t: dict[str, list[int]]) -> str:
    def pr(tp: int, pred: int, exp: int) -> str:
        return f"P {tp / max(pred, 1):.2f} R {tp / max(exp, 1):.2f}"
    return (f"{label:>6}: actions {pr(*t['actions'])}  figures {pr(*t['figures'])}  "
            f"topics {t['topics'][0]}/{t['topics'][2]} exact")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", help="set names under bench/eval/ (default: all)")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    names = args.sets or sorted(p.name for p in EVAL.iterdir() if (p / "labels.json").exists())
    total = {"actions": [0, 0, 0], "figures": [0, 0, 0], "topics": [0, 0, 0]}
    for name in names:
        t = score(name, args.verbose)
        print(_line(name, t))
        for kind in total:
            total[kind] = [a + b for a, b in zip(total[kind], t[kind], strict=True)]
    print(_line("all", total))


if __name__ == "__main__":
    main()
