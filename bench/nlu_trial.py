"""One tuning trial: train a variant of config.yml into a temporary folder, time it and each
training stage, and score it on the DEVELOPMENT set only (tests/nlu/dev.yml, per language).

    python -m bench.nlu_trial --name epochs30 --set DIETClassifier.epochs=30
    python -m bench.nlu_trial --name mindf --set CountVectorsFeaturizer#2.min_df=2
    python -m bench.nlu_trial --name sequential --no-parallel     # the patches, one at a time
    python -m bench.nlu_trial --name stock --no-patches           # Rasa's own training

Never the held-out set: it is evaluated once per final candidate (`make evaluate`), not used to
choose one (tests/nlu/README.md). Run it under the machine's heavy-job lock. Prints one JSON
line (also appended to reports/nlu_trials.jsonl): training seconds, the stages' seconds from
Rasa's log, and the development set's figures per language.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import yaml

from bot.ops import training
from bot.ops.evaluation import DEV_FILE, REPORTS_DIR, evaluate_sets
from bot.paths import REPO_ROOT

# Rasa's hook lines; the second process's may follow a progress bar on the same line.
STAMP = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) INFO +rasa\.engine\.training\.hooks +- "
                   r"(Starting to train|Finished training) component '(\w+)'")


def with_overrides(config: dict, overrides: list[str]) -> dict:
    """`Name.key=value` sets `key` of the pipeline's or policies' first component `Name`;
    `Name#2.key=value` of the second one. Values are YAML (`30`, `[1, 3]`, `null`)."""
    for override in overrides:
        target, value = override.split("=", 1)
        name, key = target.rsplit(".", 1)
        name, _, nth = name.partition("#")
        matches = [c for c in config["pipeline"] + config["policies"] if c["name"] == name]
        component = matches[int(nth or 1) - 1]
        parsed = yaml.safe_load(value)
        if parsed is None:
            component.pop(key, None)
        else:
            component[key] = parsed
    return config


def stage_seconds(log: str) -> dict[str, float]:
    """Seconds from each component's "Starting to train" to its "Finished training" line."""
    started: dict[str, datetime] = {}
    seconds: dict[str, float] = {}
    for match in STAMP.finditer(log):
        when, name = datetime.fromisoformat(match[1]), match[3]
        if match[2] == "Starting to train":
            started[name] = when
        elif name in started:
            seconds[name] = seconds.get(name, 0) + (when - started.pop(name)).total_seconds()
    return seconds


RUNNER = """
import sys
from bot.rasa_patches import install, parallel_training
from rasa.engine.training.hooks import TrainingHook
mode = sys.argv.pop(1)
before, after = TrainingHook.on_before_node, TrainingHook.on_after_node
if mode != "none":
    install(training=True)
if mode == "no-parallel":
    parallel_training.split_for_training = lambda *args: None
if mode == "no-cache-patch":
    TrainingHook.on_before_node, TrainingHook.on_after_node = before, after
from rasa.__main__ import main
main()
"""


def train(config: Path, out: Path, mode: str, log: Path) -> float:
    command = training.training_command(out)
    command[1:3] = ["-c", RUNNER, mode]  # `-m bot.rasa_patches` -> the runner above
    command += ["--config", str(config)]
    started = time.perf_counter()
    with log.open("w") as handle:
        subprocess.run(command, cwd=REPO_ROOT, env={**os.environ,
                       **training.training_process_environment()}, check=True, stdout=handle,
                       stderr=subprocess.STDOUT)
    return round(time.perf_counter() - started, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nlu_trial", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True)
    parser.add_argument("--set", action="append", default=[], metavar="NAME.KEY=VALUE")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--no-parallel", dest="mode", action="store_const", const="no-parallel")
    modes.add_argument("--no-cache-patch", dest="mode", action="store_const",
                       const="no-cache-patch")
    modes.add_argument("--no-patches", dest="mode", action="store_const", const="none")
    parser.add_argument("--no-eval", action="store_true", help="time the training only")
    parser.add_argument("--keep", action="store_true",
                        help="keep the model as models/legal-aid.tar.gz (config.yml unchanged)")
    args = parser.parse_args(argv)
    config = with_overrides(yaml.safe_load((REPO_ROOT / "config.yml").read_text()), args.set)
    load_before = os.getloadavg()
    trained_on = training.fingerprint()
    with tempfile.TemporaryDirectory(prefix="nlu-trial-") as tmp:
        folder = Path(tmp)
        (folder / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        log = REPORTS_DIR / f"nlu_trial_{args.name}.log"
        REPORTS_DIR.mkdir(exist_ok=True)
        seconds = train(folder / "config.yml", folder, args.mode or "patched", log)
        result = {"name": args.name, "set": args.set, "mode": args.mode or "patched",
                  "date": datetime.now().isoformat(timespec="seconds"),
                  "load": [round(v, 2) for v in load_before + os.getloadavg()],
                  "training_s": seconds, "stages_s": stage_seconds(log.read_text())}
        if not args.no_eval:
            model = folder / f"{training.MODEL_NAME}.tar.gz"
            dev = evaluate_sets(model, {f"nlu_trial_{args.name}": (DEV_FILE, "trial")})
            figures = next(iter(dev.values()))
            result["dev"] = {"all": round(figures["weighted_f1"], 3), **{
                language: round(f["weighted_f1"], 3)
                for language, f in figures["by_language"].items()}}
        if args.keep and not args.set:
            training.MODELS_DIR.mkdir(exist_ok=True)
            shutil.copy(folder / f"{training.MODEL_NAME}.tar.gz", training.MODEL_FILE)
            training.FINGERPRINT_FILE.write_text(trained_on + "\n")
    line = json.dumps(result, ensure_ascii=False)
    with (REPORTS_DIR / "nlu_trials.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
