"""Train the Rasa model only when its inputs changed.

The fingerprint is a SHA-256 over config, domain and the dialogue training data; it is stored
next to the model, so `make run` after a fresh `git pull` retrains exactly when it must.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.paths import MODELS_DIR, REPO_ROOT
from bot.settings import environment

MODEL_NAME = "legal-aid"
MODEL_FILE = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_FILE = MODELS_DIR / f"{MODEL_NAME}.fingerprint"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/rules", "data/stories",
                   "data/responses")


def training_files(root: Path = REPO_ROOT) -> list[Path]:
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files.extend(sorted(path.rglob("*.yml")) if path.is_dir() else [path])
    return files


def fingerprint(root: Path = REPO_ROOT) -> str:
    digest = hashlib.sha256()
    for path in training_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current() -> bool:
    return (MODEL_FILE.exists() and FINGERPRINT_FILE.exists()
            and FINGERPRINT_FILE.read_text().strip() == fingerprint())


def training_environment() -> dict[str, str]:
    """What training changes in the serving environment (bot/settings.py). It keeps
    TensorFlow's default oneDNN kernels, with which the model and its figures were measured
    (serving without them gives the same predictions). Rasa's component cache is off: training
    is always a full one (bot/rasa_patches/training.py). Like serving, it keeps one thread per
    op: training runs in two processes at once (bot/rasa_patches/parallel_training.py), and two
    threads each would oversubscribe the two cores (the model is the same byte for byte either
    way)."""
    return {"TF_INTRA_OP_PARALLELISM_THREADS": "1",
            "TF_ENABLE_ONEDNN_OPTS": "1",
            "RASA_MAX_CACHE_SIZE": "0"}


def training_process_environment() -> dict[str, str]:
    """The whole environment of a training process: the assistant's (bot/settings.py), then
    training's changes to it. `make train` and `make bench` both train in it."""
    return {**environment(), **training_environment()}


def training_command(out_dir: Path, model_name: str = MODEL_NAME) -> list[str]:
    """`rasa train` retraining everything, on both cores and without the work of a cache
    that is off (bot/rasa_patches/training.py)."""
    return [sys.executable, "-m", "bot.rasa_patches", "train", "--fixed-model-name", model_name,
            "--out", str(out_dir), "--force",
            # `make validate` checks the data strictly; validating again here only costs time.
            "--skip-validation"]


def train(force: bool = False) -> Path:
    """Train into models/legal-aid.tar.gz unless the model is already current."""
    if not force and is_current():
        print(f"Model {MODEL_FILE.relative_to(REPO_ROOT)} is up to date; not training.")
        return MODEL_FILE
    print("Training data changed: training the model ...", flush=True)
    trained_on = fingerprint()  # taken first: edits made while training must retrain next time
    MODELS_DIR.mkdir(exist_ok=True)
    subprocess.run(training_command(MODELS_DIR), cwd=REPO_ROOT, check=True,
                   env=training_process_environment())
    FINGERPRINT_FILE.write_text(trained_on + "\n")
    return MODEL_FILE
