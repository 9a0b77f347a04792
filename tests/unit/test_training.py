import shutil

from bot.ops import training
from bot.paths import REPO_ROOT


def copy_inputs(tmp_path):
    for name in training.TRAINING_INPUTS:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_fingerprint_is_stable_and_changes_with_the_data(tmp_path):
    root = copy_inputs(tmp_path)
    before = training.fingerprint(root)
    assert training.fingerprint(root) == before
    with (root / "data/nlu/basics.yml").open("a") as nlu:
        nlu.write("\n# a change\n")
    assert training.fingerprint(root) != before


def test_fingerprint_ignores_the_knowledge_base_sources(tmp_path):
    root = copy_inputs(tmp_path)
    before = training.fingerprint(root)
    (root / "data/regulations").mkdir(parents=True, exist_ok=True)
    (root / "data/regulations/extra.yml").write_text("x: 1\n")
    assert training.fingerprint(root) == before
