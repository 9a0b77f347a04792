"""The training `make train` runs (bot/rasa_patches/training.py: no cache work, the
ResponseSelector in a second process) gives the model Rasa's own `rasa train` gives, file for file.

A small project (this project's config.yml with 2 epochs, a few intents, FAQ answers and
stories) is trained both ways with the same hash seed; the archives must hold the same files
with the same bytes. metadata.json differs only where Rasa puts something new in every
training: the time, the model id and each resource's random output fingerprint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

from bot.ops import training
from bot.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

INTENTS = {
    "greet": ["hello", "hi there", "good morning", "hey", "你好"],
    "goodbye": ["bye", "see you later", "goodbye", "farewell", "再见"],
    "inform": ["my boss has not paid me", "I am 16", "no lawyer yet", "I live in Beijing",
               "it is a criminal case"],
    "start_screening": ["can I get legal aid", "do I qualify", "check if I am eligible",
                        "am I eligible for a free lawyer", "can you check my case"],
}
FAQ = {
    "what_is_center": ["what does a legal aid center do", "what is a legal aid centre",
                       "tell me about legal aid centers", "legal aid office duties"],
    "is_it_free": ["is legal aid free", "do I have to pay", "how much does legal aid cost",
                   "is it free of charge"],
}


def write_project(root: Path) -> None:
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"] + config["policies"]:
        if "epochs" in component:
            component["epochs"] = 2
    (root / "config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    nlu = [{"intent": name, "examples": "".join(f"- {text}\n" for text in texts)}
           for name, texts in INTENTS.items()]
    nlu += [{"intent": f"faq/{name}", "examples": "".join(f"- {text}\n" for text in texts)}
            for name, texts in FAQ.items()]
    (root / "data").mkdir()
    (root / "data/nlu.yml").write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}),
                                       encoding="utf-8")
    stories = [
        {"story": "greet", "steps": [{"intent": "greet"}, {"action": "utter_greet"}]},
        {"story": "faq", "steps": [{"intent": "faq"}, {"action": "utter_faq"},
                                   {"intent": "goodbye"}, {"action": "utter_goodbye"}]},
        {"story": "screening", "steps": [{"intent": "start_screening"},
                                         {"action": "utter_ask_case"},
                                         {"intent": "inform"}, {"action": "utter_thanks"}]},
    ]
    rules = [{"rule": "bye", "steps": [{"intent": "goodbye"}, {"action": "utter_goodbye"}]}]
    (root / "data/stories.yml").write_text(
        yaml.safe_dump({"version": "3.1", "stories": stories, "rules": rules}), encoding="utf-8")
    responses = {name: [{"text": name}] for name in
                 ("utter_greet", "utter_goodbye", "utter_ask_case", "utter_thanks")}
    responses |= {f"utter_faq/{name}": [{"text": name}] for name in FAQ}
    domain = {"version": "3.1", "intents": [*INTENTS, "faq"], "responses": responses}
    (root / "domain.yml").write_text(yaml.safe_dump(domain), encoding="utf-8")


def train(project: Path, command: list[str]) -> tuple[Path, str]:
    env = {**training.training_process_environment(), "PYTHONHASHSEED": "0",
           "RASA_CACHE_DIRECTORY": str(project / "cache"),
           "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (archive,) = (project / "out").glob("*.tar.gz")
    return archive, done.stdout + done.stderr


def unpack(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {member.name.lstrip("./"): tar.extractfile(member).read()
                for member in tar.getmembers() if member.isfile()}


def comparable_metadata(raw: bytes) -> dict:
    metadata = json.loads(raw)
    for key in ("trained_at", "model_id"):
        metadata.pop(key)
    for node in metadata["predict_schema"]["nodes"].values():
        if node.get("resource"):
            node["resource"].pop("output_fingerprint")
    return metadata


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> dict[str, tuple[dict[str, bytes], str]]:
    models = {}
    for name, module in (("rasa", "rasa"), ("ours", None)):
        project = tmp_path_factory.mktemp(name)
        write_project(project)
        command = (training.training_command(project / "out", "model") if module is None else
                   [sys.executable, "-m", module, "train", "--fixed-model-name", "model",
                    "--out", str(project / "out"), "--force", "--skip-validation"])
        archive, log = train(project, command)
        models[name] = (unpack(archive), log)
    return models


def test_ours_trained_the_response_selector_in_a_second_process(trained):
    _, log = trained["ours"]
    assert "Handed the featurized training data over to a second process" in log
    _, rasa_log = trained["rasa"]
    assert "second process" not in rasa_log


def test_both_trainings_give_the_same_model(trained):
    rasa_files, _ = trained["rasa"]
    our_files, _ = trained["ours"]
    assert sorted(our_files) == sorted(rasa_files)
    assert any("ResponseSelector" in name for name in our_files)
    different = [name for name in rasa_files
                 if name != "metadata.json" and our_files[name] != rasa_files[name]]
    assert different == []
    assert (comparable_metadata(our_files["metadata.json"])
            == comparable_metadata(rasa_files["metadata.json"]))
