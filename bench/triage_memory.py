"""The process's peak memory with and without the triage lemmatiser, each in a fresh process
of the same run: the bot's modules with hazm's normaliser warmed (what the bot loads today),
then the same plus hazm's lemmatiser, the compiled triage rules and every labelled complaint
read; and, for comparison, the bot with hazm's Lemmatizer as it comes (joined verb parts on,
which triage does without).

    .venv/bin/python -m bench.triage_memory
"""

import json
import subprocess
import sys
import time

STAGES = ("python", "bot", "bot+triage", "bot+hazm default")


def measure(stage: str) -> dict[str, float]:
    """Run in a child process: load what the stage needs and report VmHWM (peak RSS)."""
    started = time.perf_counter()
    if stage != "python":
        import bot.app  # noqa: F401  (the bot's own modules, as `dadres run` imports them)
        from bot.domain.text_clean import warm_up

        warm_up()
    if stage == "bot+hazm default":
        from hazm import Lemmatizer

        Lemmatizer()
    if stage == "bot+triage":
        import csv

        from bench.triage_accuracy import DEFAULT_CSV
        from bot.domain.categories import load_categories
        from bot.domain.triage import Triage

        triage = Triage(load_categories())
        with DEFAULT_CSV.open(encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source):
                triage.suggest(row["text"], row["picked_category"], row["language"])
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return {"peak_mb": peak / 1024, "seconds": time.perf_counter() - started}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--stage":
        print(json.dumps(measure(sys.argv[2])))
        return
    results = {}
    for stage in STAGES:
        out = subprocess.run(
            [sys.executable, "-m", "bench.triage_memory", "--stage", stage],
            check=True,
            capture_output=True,
            text=True,
        )
        results[stage] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{'process':<17} {'peak RSS MB':>12} {'load s':>8}")
    for stage, result in results.items():
        print(f"{stage:<17} {result['peak_mb']:>12.1f} {result['seconds']:>8.2f}")
    extra = results["bot+triage"]["peak_mb"] - results["bot"]["peak_mb"]
    print(f"triage adds {extra:.1f} MB to the bot's peak")


if __name__ == "__main__":
    main()
