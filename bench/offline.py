"""The figures that need no running server: the stock bot's project, training time, NLU and
knowledge-base quality (from the existing tools' JSON reports)."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bot.ops import training
from bot.ops.evaluation import REPORTS_DIR
from bot.paths import REPO_ROOT, VAR_DIR
from bot.settings import environment

STOCK_CACHE = VAR_DIR / "bench" / "stock"  # the last full run's stock bot, reused by --smoke
VERSION_FILE = "rasa-version.txt"


def rasa_version() -> str:
    return importlib.metadata.version("rasa")


def training_environment(cache: Path) -> dict[str, str]:
    """As bot.ops.training trains (bot.ops.training.training_process_environment), with Rasa's cache
    in `cache`, so that nothing is reused from (or written to) the project's .rasa/cache (the
    stock bot's `rasa init` trains without --force, and would look there)."""
    return {**training.training_process_environment(), "RASA_CACHE_DIRECTORY": str(cache)}


def _run_logged(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    started = time.perf_counter()
    with log.open("ab") as handle:
        subprocess.run(command, cwd=cwd, env=env, check=True, stdout=handle,
                       stderr=subprocess.STDOUT)
    return round(time.perf_counter() - started, 1)


def build_stock(workdir: Path) -> tuple[Path, float]:
    """`rasa init --no-prompt` (which also trains) in `workdir`; the project is then copied to
    var/bench/stock for later smoke runs. Returns the project and the init + training time."""
    project = workdir / "stock"
    project.mkdir()  # rasa init refuses a folder that does not exist
    seconds = _run_logged(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        workdir, training_environment(workdir / "stock-cache"), workdir / "stock-init.log")
    if not any((project / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init trained no model; see {workdir / 'stock-init.log'}")
    shutil.rmtree(STOCK_CACHE, ignore_errors=True)
    shutil.copytree(project, STOCK_CACHE, ignore=shutil.ignore_patterns(".rasa"))
    (STOCK_CACHE / VERSION_FILE).write_text(rasa_version() + "\n")
    return project, seconds


def cached_stock() -> Path | None:
    """The stock project of an earlier full run, if it was built by this Rasa version."""
    version = STOCK_CACHE / VERSION_FILE
    if version.exists() and version.read_text().strip() == rasa_version() \
            and any((STOCK_CACHE / "models").glob("*.tar.gz")):
        return STOCK_CACHE
    return None


def time_training(workdir: Path) -> float:
    """Seconds for the training `make train` runs, written to a temporary folder (never to
    models/)."""
    return _run_logged(
        training.training_command(workdir / "models", f"{training.MODEL_NAME}-bench"),
        REPO_ROOT, training_environment(workdir / "train-cache"), workdir / "train.log")


# The existing tools, writing reports/: NLU on the held-out and development sets, knowledge-base
# search, then the slowest, 5-fold cross-validation.
QUALITY_COMMANDS = (["-m", "bot", "evaluate"], ["-m", "bench.kb_bench", "--scale", "100"],
                    ["-m", "bot", "evaluate", "--cross-validation"])


def refresh_quality_report(command: list[str], workdir: Path) -> None:
    _run_logged([sys.executable, *command], REPO_ROOT, environment(), workdir / "quality.log")


def _read(name: str) -> dict | None:
    path = REPORTS_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _pick(report: dict | None, keys: tuple[str, ...]) -> dict | None:
    return None if report is None else {key: report.get(key) for key in keys}


def quality_figures() -> dict:
    """NLU and knowledge-base figures from reports/*.json (None where a report is missing)."""
    nlu_keys = ("date", "accuracy", "macro_f1", "weighted_f1")
    kb = _read("kb_bench")
    kb_figures = None
    if kb is not None:
        one = kb["scales"]["1"]
        kb_figures = {
            system: {**{k: one[system]["quality"]["all"][k] for k in ("n", "top1", "top3", "mrr")},
                     "p50_ms": one[system]["latency"]["p50_ms"],
                     "p95_ms": one[system]["latency"]["p95_ms"]}
            for system in ("ours", "baseline")}
        big = {scale: data for scale, data in kb["scales"].items() if scale != "1"}
        kb_figures["scaled"] = {scale: {"documents": data["documents"],
                                        "ours_p95_ms": data["ours"]["latency"]["p95_ms"]}
                                for scale, data in big.items()}
    return {"nlu_holdout": _pick(_read("nlu_holdout"), nlu_keys + ("examples", "fallbacks")),
            "nlu_dev": _pick(_read("nlu_dev"), nlu_keys + ("examples", "fallbacks")),
            "nlu_cv": _pick(_read("nlu_cv"), nlu_keys + ("folds", "faq_answer_weighted_f1")),
            "kb": kb_figures}
