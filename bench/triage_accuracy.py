"""How often the triage rules name the right category and priority on the labelled complaints,
the tuned part and the held-out part (never tuned on) reported apart.

    .venv/bin/python -m bench.triage_accuracy [--csv tests/data/triage_labelled.csv] [--misses]
        [--split tune|heldout]

--misses prints the tuning part's misses only; the held-out part's are never printed.
"""

import argparse
import csv
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.domain.categories import load_categories
from bot.domain.priority import Priority
from bot.domain.triage import Triage

DEFAULT_CSV = Path(__file__).resolve().parent.parent / "tests" / "data" / "triage_labelled.csv"
RAISED = (Priority.HIGH, Priority.URGENT)


@dataclass(frozen=True, slots=True)
class Outcome:
    row: dict[str, str]
    words_category: str
    final_category: str
    priority: str
    evidence: tuple[str, ...]


def run(triage: Triage, rows: list[dict[str, str]]) -> list[Outcome]:
    """Triage every row: the words' own top category, and the pick after the suggestion."""
    outcomes = []
    for row in rows:
        reading = triage.read(row["text"], row["language"])
        suggestion = triage.suggest(row["text"], row["picked_category"], row["language"])
        outcomes.append(
            Outcome(
                row=row,
                words_category=triage.best_category(reading),
                final_category=suggestion.category or row["picked_category"],
                priority=suggestion.priority or Priority.NORMAL,
                evidence=suggestion.evidence,
            )
        )
    return outcomes


def _ratio(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "— (0/0)"


def precision_recall(outcomes: list[Outcome], levels: tuple[str, ...]) -> tuple[str, str]:
    """Precision and recall of predicting a priority in levels."""
    predicted = [o for o in outcomes if o.priority in levels]
    actual = [o for o in outcomes if o.row["priority"] in levels]
    both = [o for o in predicted if o.row["priority"] in levels]
    return _ratio(len(both), len(predicted)), _ratio(len(both), len(actual))


def confusion(outcomes: list[Outcome], keys: list[str]) -> str:
    """Rows: the labelled category; columns: the words' top category."""
    counts = Counter((o.row["category"], o.words_category) for o in outcomes)
    width = max(len(key) for key in keys) + 1
    short = [key[:7] for key in keys]
    lines = [" " * width + " ".join(f"{name:>7}" for name in short)]
    for actual in keys:
        cells = " ".join(f"{counts[actual, predicted]:>7}" for predicted in keys)
        lines.append(f"{actual:<{width}}{cells}")
    return "\n".join(lines)


def report(name: str, outcomes: list[Outcome], keys: list[str]) -> None:
    """One split's numbers."""
    by_lang = Counter(o.row["language"] for o in outcomes)
    print(f"\n== {name}: {len(outcomes)} complaints ({dict(by_lang)})")
    words_right = sum(o.words_category == o.row["category"] for o in outcomes)
    final_right = sum(o.final_category == o.row["category"] for o in outcomes)
    baseline = sum(o.row["picked_category"] == o.row["category"] for o in outcomes)
    print(f"top-1 category, words alone:            {_ratio(words_right, len(outcomes))}")
    print(f"category after the suggestion is taken: {_ratio(final_right, len(outcomes))}")
    print(f"baseline, the complainant's pick:       {_ratio(baseline, len(outcomes))}")
    for lang in sorted(by_lang):
        part = [o for o in outcomes if o.row["language"] == lang]
        right = sum(o.words_category == o.row["category"] for o in part)
        print(f"  top-1 words alone, {lang}: {_ratio(right, len(part))}")
    latin = [o for o in outcomes if o.row["language"] == "fa" and o.row["text"].isascii()]
    right = sum(o.words_category == o.row["category"] for o in latin)
    print(f"  top-1 words alone, fa in Latin letters: {_ratio(right, len(latin))}")
    for label, levels in (("urgent", (Priority.URGENT,)), ("high or urgent", RAISED)):
        precision, recall = precision_recall(outcomes, levels)
        print(f"priority {label}: precision {precision}, recall {recall}")
    print("confusion (rows labelled, columns words alone):")
    print(confusion(outcomes, keys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--misses", action="store_true", help="print the tuning part's misses")
    parser.add_argument("--split", choices=("tune", "heldout"), help="report one part only")
    args = parser.parse_args()
    categories = load_categories()
    triage = Triage(categories)
    with args.csv.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    started = time.perf_counter()
    triage.read("warm up", "en")
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = run(triage, rows)
    per_row = (time.perf_counter() - started) / max(1, len(rows)) * 1000
    print(f"rules compiled and lemmatiser loaded in {loaded:.2f} s; {per_row:.2f} ms a complaint")
    keys = [item.key for item in categories.items]
    for split in (args.split,) if args.split else ("tune", "heldout"):
        report(split, [o for o in outcomes if o.row["split"] == split], keys)
    if args.misses:
        print("\n== tuning misses (held-out misses are not shown)")
        for o in outcomes:
            if o.row["split"] != "tune":
                continue
            if o.words_category != o.row["category"] or o.priority != o.row["priority"]:
                print(
                    f"{o.row['category']}->{o.words_category} {o.row['priority']}->{o.priority}"
                    f" | {o.row['text']} | {o.evidence}"
                )


if __name__ == "__main__":
    main()
