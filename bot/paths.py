"""Where the project's files live, so code works from any working directory."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
REGULATIONS_DIR = DATA_DIR / "regulations"
VAR_DIR = REPO_ROOT / "var"  # git-ignored: SQLite files, logs, run state
MODELS_DIR = REPO_ROOT / "models"
DOMAIN_FILE = REPO_ROOT / "domain.yml"
