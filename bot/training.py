"""Train the Rasa model only when its inputs changed.

The fingerprint is a SHA-256 over config, domain and the dialogue training data; it is stored
next to the model, so `make run` after a fresh `git pull` retrains exactly when it must.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from bot.paths import MODELS_DIR, REPO_ROOT

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
    """What training changes in the serving environment (bot/settings.py): it is one job that
    may use every core (serving keeps one thread per op so that concurrent requests do not
    oversubscribe the CPU), and it keeps TensorFlow's default oneDNN kernels, with which the
    model and its figures were measured (serving without them gives the same predictions)."""
    return {"TF_INTRA_OP_PARALLELISM_THREADS": str(os.cpu_count() or 1),
            "TF_ENABLE_ONEDNN_OPTS": "1"}


def train(force: bool = False) -> Path:
    """Train into models/legal-aid.tar.gz unless the model is already current."""
    if not force and is_current():
        print(f"Model {MODEL_FILE.relative_to(REPO_ROOT)} is up to date; not training.")
        return MODEL_FILE
    print("Training data changed: training the model ...", flush=True)
    trained_on = fingerprint()  # taken first: edits made while training must retrain next time
    MODELS_DIR.mkdir(exist_ok=True)
    env = {**os.environ, **training_environment()}
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--fixed-model-name", MODEL_NAME,
         "--out", str(MODELS_DIR), "--force",
         # `make validate` checks the data strictly; validating again here only costs time.
         "--skip-validation"],
        cwd=REPO_ROOT, check=True, env=env,
    )
    FINGERPRINT_FILE.write_text(trained_on + "\n")
    return MODEL_FILE
