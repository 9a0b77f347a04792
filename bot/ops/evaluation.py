"""NLU quality: held-out and development sets, and 5-fold cross-validation, written to reports/.

Neither set (tests/nlu/README.md) is trained on; the held-out one is not tuned on either. FAQ
questions count by their sub-intent (`faq/what_is_center`), so a right intent with the wrong
answer is an error; a low-confidence `nlu_fallback` is an error too (the user would be asked
to rephrase).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import yaml

from bot.nlu.language import HAN
from bot.ops.training import MODEL_FILE
from bot.paths import REPO_ROOT

HOLDOUT_FILE = REPO_ROOT / "tests" / "nlu" / "holdout.yml"
DEV_FILE = REPO_ROOT / "tests" / "nlu" / "dev.yml"
# report name -> (test set, report title)
TEST_SETS = {"nlu_holdout": (HOLDOUT_FILE, "Held-out intent evaluation (tests/nlu/holdout.yml)"),
             "nlu_dev": (DEV_FILE, "Development-set intent evaluation (tests/nlu/dev.yml)")}
REPORTS_DIR = REPO_ROOT / "reports"
LANGUAGES = ("en", "zh")
SUMMARY = ("examples", "accuracy", "weighted_f1", "macro_f1", "weighted_precision", "fallbacks")


def language_of(text: str) -> str:
    """"zh" for a phrasing with any Chinese character ("can i get 法律援助" too), else "en"."""
    return "zh" if HAN.search(text) else "en"


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from a Rasa NLU YAML file."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in block.get("examples", "").splitlines():
            if line.strip().startswith("- "):
                pairs.append((line.strip()[2:].strip(), block["intent"]))
    return pairs


def full_label(parse: dict) -> str:
    """The intent, or `faq/<sub-intent>` for the FAQ retrieval intent."""
    intent = (parse.get("intent") or {}).get("name") or "none"
    selector = (parse.get("response_selector") or {}).get(intent)
    if selector:
        return selector["response"]["intent_response_key"]
    return intent


def predict(texts: list[str], model: Path = MODEL_FILE) -> list[str]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    from bot.rasa_patches import install

    configure_structlog(logging.WARNING)  # unconfigured, Rasa's structlog prints every parse
    install()  # the model loads as the Rasa server loads it (model_loading.py: 3x faster)
    agent = Agent.load(str(model))

    async def parse_all() -> list[str]:
        return [full_label(await agent.parse_message(text)) for text in texts]

    return asyncio.run(parse_all())


def metrics(truth: list[str], predicted: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    labels = sorted(set(truth))
    per_label = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    result = {"examples": len(truth), "accuracy": accuracy_score(truth, predicted),
              "fallbacks": predicted.count("nlu_fallback")}
    for average in ("macro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(truth, predicted, labels=labels,
                                                     average=average, zero_division=0)
        result[f"{average}_f1"], result[f"{average}_precision"], result[f"{average}_recall"] = \
            f, p, r
    result["per_intent"] = {label: {"precision": per_label[0][i], "recall": per_label[1][i],
                                    "f1": per_label[2][i], "support": int(per_label[3][i])}
                            for i, label in enumerate(labels)}
    return result


def evaluate_sets(model: Path = MODEL_FILE, sets: dict[str, tuple[Path, str]] = TEST_SETS
                  ) -> dict[str, dict]:
    """Each test set's figures and errors, by report name; one model load for all of them."""
    examples = {name: load_examples(path) for name, (path, _) in sets.items()}
    predicted = iter(predict([text for pairs in examples.values() for text, _ in pairs], model))
    results = {}
    for name, pairs in examples.items():
        texts, truth = [t for t, _ in pairs], [label for _, label in pairs]
        guesses = [next(predicted) for _ in pairs]
        result = metrics(truth, guesses)
        result["by_language"] = by_language(texts, truth, guesses)
        result["errors"] = [{"text": t, "expected": e, "predicted": p}
                            for t, e, p in zip(texts, truth, guesses, strict=True) if e != p]
        write_report(name, sets[name][1], result)
        results[name] = result
    return results


def by_language(texts: list[str], truth: list[str], guesses: list[str]) -> dict[str, dict]:
    """The summary figures of each language's phrasings alone (languages with none left out)."""
    split: dict[str, dict] = {}
    for language in LANGUAGES:
        chosen = [i for i, text in enumerate(texts) if language_of(text) == language]
        if chosen:
            figures = metrics([truth[i] for i in chosen], [guesses[i] for i in chosen])
            split[language] = {key: figures[key] for key in SUMMARY}
    return split


def cross_validate(folds: int = 5) -> dict:
    """`rasa test nlu --cross-validation` on the training data, without the fallback
    classifier (it would turn uncertain predictions into a label no example has)."""
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text())
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    out = REPORTS_DIR / "nlu_cv"
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(config, handle)
    subprocess.run([sys.executable, "-m", "rasa", "test", "nlu", "--nlu", "data/nlu",
                    "--config", handle.name, "--cross-validation", "--folds", str(folds),
                    "--out", str(out)], cwd=REPO_ROOT, check=True)
    report = json.loads((out / "intent_report.json").read_text())
    result = {"folds": folds, "accuracy": report.get("accuracy"),
              "macro_f1": report["macro avg"]["f1-score"],
              "weighted_f1": report["weighted avg"]["f1-score"]}
    selection = out / "response_selection_report.json"
    if selection.exists():
        faq = json.loads(selection.read_text())
        result["faq_answer_weighted_f1"] = faq["weighted avg"]["f1-score"]
    write_report("nlu_cv", f"{folds}-fold cross-validation (training data)", result)
    return result


def write_report(name: str, title: str, result: dict) -> None:
    REPORTS_DIR.mkdir(exist_ok=True)
    stamped = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), **result}
    (REPORTS_DIR / f"{name}.json").write_text(json.dumps(stamped, indent=2, ensure_ascii=False))
    lines = [f"# {title}", "", f"Date: {stamped['date']}", "", "| measure | value |", "|---|---|"]
    for key, value in result.items():
        if isinstance(value, float):
            lines.append(f"| {key} | {value:.3f} |")
        elif isinstance(value, int):
            lines.append(f"| {key} | {value} |")
    if result.get("by_language"):
        lines += ["", "| language | " + " | ".join(SUMMARY) + " |",
                  "|---" * (len(SUMMARY) + 1) + "|"]
        for language, figures in result["by_language"].items():
            cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in figures.values()]
            lines.append(f"| {language} | " + " | ".join(cells) + " |")
    if "per_intent" in result:
        lines += ["", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label, m in result["per_intent"].items():
            lines.append(f"| {label} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} "
                         f"| {m['support']} |")
    if result.get("errors"):
        lines += ["", "## Errors", "", "| text | expected | predicted |", "|---|---|---|"]
        lines += [f"| {e['text']} | {e['expected']} | {e['predicted']} |" for e in result["errors"]]
    (REPORTS_DIR / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote reports/{name}.md and reports/{name}.json")
