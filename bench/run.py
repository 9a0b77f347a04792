"""`make bench`: our assistant side by side with the stock `rasa init` bot -> reports/bench.*

    python -m bench.run            # full: builds + trains the stock bot, times our training,
                                   # refreshes the NLU and knowledge-base reports (~25 min)
    python -m bench.run --smoke    # short: a few messages, 2 concurrent conversations, the
                                   # cached stock bot if a full run left one (else none)

Our assistant starts first, then the stock bot (each start-up timed while the other is idle).
After one knowledge-base answer each and a warm-up pass, the two are measured taking turns, so
that both see the same state of the machine: the script one message at a time (a pass each,
in turn), then each concurrency level (30 s each, in three alternating blocks of 10 s). Both
are then stopped. The load comes from `python -m bench.load` in a separate process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager, ExitStack
from datetime import datetime, timezone
from pathlib import Path

from bench import offline, report, servers
from bench.script import (
    FIRST_KB_MESSAGE,
    FIRST_MESSAGE,
    SCRIPT,
    SMOKE_SCRIPT,
    message_count,
)
from bot.ops.evaluation import REPORTS_DIR
from bot.ops.training import MODEL_FILE
from bot.paths import REPO_ROOT

FULL = {"rounds": 6, "warm_up": True, "levels": [10, 50], "load_seconds": 30.0, "blocks": 3,
        "port_base": 20000}
SMOKE = {"rounds": 1, "warm_up": False, "levels": [2], "load_seconds": 4.0, "blocks": 1,
         "port_base": 21000}
CHECKED = ("ours",)  # the stock bot knows none of the script's topics


def run_load(urls: dict[str, str], smoke: bool, *, rounds: int = 1, concurrency: int = 1,
             duration: float | None = None, blocks: int = 1) -> dict[str, dict]:
    command = [sys.executable, "-m", "bench.load", "--rounds", str(rounds),
               "--concurrency", str(concurrency), "--blocks", str(blocks)]
    command += [f"--bot={name}={url}" for name, url in urls.items()]
    command += [f"--check={name}" for name in urls if name in CHECKED]
    command += ["--duration", str(duration)] if duration is not None else []
    command += ["--smoke"] if smoke else []
    out = subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_bots(bots: dict[str, AbstractContextManager[servers.RunningBot]], settings: dict,
                 smoke: bool) -> dict[str, dict]:
    """Starts the bots one after the other (each start-up timed with the others idle), then
    measures them taking turns (bench/load.py) and stops them."""
    first_kb_ms: dict[str, float] = {}
    with ExitStack() as stack:
        running = {}
        for name, starting in bots.items():
            running[name] = stack.enter_context(starting)
            started = time.perf_counter()
            servers.say(running[name].url, FIRST_KB_MESSAGE, f"bench-first-kb-{name}")
            first_kb_ms[name] = round((time.perf_counter() - started) * 1000, 1)
        urls = {name: bot.url for name, bot in running.items()}
        if settings["warm_up"]:
            run_load(urls, smoke)
        sequential = run_load(urls, smoke, rounds=settings["rounds"])
        load = {str(level): run_load(urls, smoke, concurrency=level,
                                     duration=settings["load_seconds"],
                                     blocks=settings["blocks"])
                for level in settings["levels"]}
    results = {}
    for name, bot in running.items():  # peak memory is known once the bot has stopped
        peak = bot.peak_rss_mb
        results[name] = {"startup_s": bot.startup_s, "first_kb_answer_ms": first_kb_ms[name],
                         "peak_rss_mb": {**peak, "total": round(sum(peak.values()), 1)},
                         "sequential": sequential[name],
                         "load": {level: by_bot[name] for level, by_bot in load.items()}}
    return results


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


STOCK_SETUP = ("same Rasa install and TensorFlow settings, in-memory tracker store, no "
               "action server (its actions.py defines none); the same messages as ours.")


def stock_project(smoke: bool, cached: bool, workdir: Path, training: dict
                  ) -> tuple[Path | None, str]:
    """The stock bot's project and how it was made (None in a smoke run without a cache)."""
    if smoke or (cached and offline.cached_stock() is not None):
        project = offline.cached_stock()
        if project is None:
            return None, "none in this smoke run (no stock bot cached by a full run)."
        return project, ("`rasa init --no-prompt` built by an earlier full run, cached in "
                         f"{offline.STOCK_CACHE.relative_to(REPO_ROOT)}; " + STOCK_SETUP)
    project, seconds = offline.build_stock(workdir)
    training["stock_init_and_train_s"] = seconds
    return project, "`rasa init --no-prompt` in a temporary folder; " + STOCK_SETUP


def bench(smoke: bool, out: Path, cached_stock: bool = False) -> dict:
    if not MODEL_FILE.exists():
        raise SystemExit("no trained model: run `make train` first")
    settings = SMOKE if smoke else FULL
    base = settings["port_base"]
    script = SMOKE_SCRIPT if smoke else SCRIPT
    result: dict = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "smoke" if smoke else "full", "machine": report.machine(),
        "load_average": {"start": load_average(), "end": None},
        "script": {"conversations": len(script), "messages": message_count(script),
                   "rounds": settings["rounds"], "load_seconds": settings["load_seconds"],
                   "blocks": settings["blocks"]},
        "load_levels": [str(level) for level in settings["levels"]],
        "training": {"ours_s": None, "stock_init_and_train_s": None,
                     "note": "not measured in a smoke run" if smoke else
                     "component cache off, temporary output folder"},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        try:
            project, result["stock_note"] = stock_project(smoke, cached_stock, workdir,
                                                          result["training"])
            ports = servers.Ports(base + 5, base + 55, base + 80)
            bots = {"ours": servers.running_ours(ports, workdir, FIRST_MESSAGE)}
            if project is not None:
                bots["stock"] = servers.running_stock(project, base + 105, workdir,
                                                      FIRST_MESSAGE)
            result.update({"stock": None, **measure_bots(bots, settings, smoke)})
            write(result, out)  # the slow offline part may be interrupted: keep what we have
            if not smoke:
                result["training"]["ours_s"] = offline.time_training(workdir)
                write(result, out)
                for command in offline.QUALITY_COMMANDS:
                    offline.refresh_quality_report(command, workdir)
                    write(result, out)
        except Exception:
            for log in sorted(workdir.glob("*.log")):  # the servers' own output says why
                print(f"--- {log.name} (last lines)", file=sys.stderr)
                print("\n".join(log.read_text(errors="replace").splitlines()[-30:]),
                      file=sys.stderr)
            raise
    write(result, out)
    return result


def write(result: dict, out: Path) -> None:
    """reports/bench.json and bench.md from what has been measured so far."""
    result["quality"] = offline.quality_figures()
    result["load_average"]["end"] = load_average()
    report.add_comparison(result)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    (out / "bench.md").write_text(report.markdown(result), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="the short run (make bench-smoke)")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR, help="folder for the reports")
    parser.add_argument("--cached-stock", action="store_true",
                        help="full run: reuse the stock bot of an earlier run, if any")
    args = parser.parse_args(argv)
    bench(args.smoke, args.out, args.cached_stock)
    print((args.out / "bench.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
