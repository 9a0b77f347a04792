"""`make bench-smoke` end to end: real servers, the real load generator, every report field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.report import comparable_figures
from bench.script import SMOKE_SCRIPT, message_count
from bot.paths import REPO_ROOT
from tests.conftest import require_model

pytestmark = pytest.mark.e2e

SYSTEM_FIELDS = {"startup_s", "first_kb_answer_ms", "peak_rss_mb", "sequential", "load"}
LOAD_FIELDS = {"concurrency", "seconds", "messages", "errors", "error_kinds", "throughput_msg_s",
               "latency_ms", "by_category", "checked", "check_failures"}
TARGET_STATUSES = {"met", "missed", "n/a"}


@pytest.fixture(scope="module")
def smoke_report(tmp_path_factory) -> tuple[dict, str]:
    require_model()
    out = tmp_path_factory.mktemp("bench")
    subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--out", str(out)],
                   cwd=REPO_ROOT, check=True, timeout=900, stdout=subprocess.DEVNULL)
    return (json.loads((out / "bench.json").read_text(encoding="utf-8")),
            (out / "bench.md").read_text(encoding="utf-8"))


def check_system(system: dict, levels: list[str], with_actions: bool) -> None:
    assert system.keys() >= SYSTEM_FIELDS
    assert 0 < system["startup_s"] < 900 and system["first_kb_answer_ms"] > 0
    rss = system["peak_rss_mb"]
    assert rss["rasa"] > 100, rss  # a Rasa server with a model holds hundreds of MB
    assert ("actions" in rss) == with_actions and (not with_actions or rss["actions"] > 20)
    assert rss["total"] == pytest.approx(sum(v for k, v in rss.items() if k != "total"), abs=0.2)
    sequential = system["sequential"]
    assert sequential.keys() >= LOAD_FIELDS
    assert sequential["messages"] == message_count(SMOKE_SCRIPT)
    assert sequential["errors"] == 0, sequential["error_kinds"]
    latency = sequential["latency_ms"]
    assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"] <= latency["max"]
    assert set(system["load"]) == set(levels)
    for result in system["load"].values():
        assert result.keys() >= LOAD_FIELDS
        assert result["messages"] > 0 and result["errors"] == 0, result["error_kinds"]
        assert result["throughput_msg_s"] > 0


def test_every_field_is_reported(smoke_report: tuple[dict, str]) -> None:
    report, _ = smoke_report
    assert report["mode"] == "smoke" and report["load_levels"] == ["2"]
    assert {"nproc", "ram_gb", "cpu", "python", "rasa"} <= report["machine"].keys()
    assert report["machine"]["rasa"] == "3.6.21"
    assert len(report["load_average"]["start"]) == len(report["load_average"]["end"]) == 3
    assert {"ours_s", "stock_init_and_train_s", "note"} <= report["training"].keys()
    assert {"nlu_holdout", "nlu_dev", "nlu_cv", "kb"} <= report["quality"].keys()
    check_system(report["ours"], report["load_levels"], with_actions=True)
    # bot.servers.action_server keeps TensorFlow out of the action server
    # (~600 MB with it, ~230 without)
    assert report["ours"]["peak_rss_mb"]["actions"] < 400
    if report["stock"] is not None:  # a full run cached the stock bot on this machine
        check_system(report["stock"], report["load_levels"], with_actions=False)
        assert all(value is not None for value in report["ratios"].values()), report["ratios"]
    assert report["ratios"].keys() == comparable_figures(None, report["load_levels"]).keys()
    assert len(report["targets"]) == 6
    assert {t["status"] for t in report["targets"]} <= TARGET_STATUSES


def test_our_replies_are_right_under_load(smoke_report: tuple[dict, str]) -> None:
    """Custom actions and the knowledge base are on the path: the screening reaches its outcome,
    article lookups show the article, one at a time and with concurrent conversations."""
    ours = smoke_report[0]["ours"]
    assert ours["sequential"]["checked"] >= 10
    assert ours["sequential"]["check_failures"] == []
    assert set(ours["sequential"]["by_category"]) == {"faq", "article", "search", "screening"}
    # half of the conversations are Chinese (issue 15), each language's replies checked
    assert set(ours["sequential"]["by_language"]) == {"en", "zh"}
    assert min(ours["sequential"]["checked_by_language"].values()) >= 5
    assert ours["load"]["2"]["check_failures"] == []


def test_markdown_table(smoke_report: tuple[dict, str]) -> None:
    report, text = smoke_report
    assert "| figure | ours | stock | ours / stock |" in text
    assert f"| latency_p95_ms | {report['ours']['sequential']['latency_ms']['p95']:g} |" in text
    assert text.count("**met**") + text.count("**missed**") + text.count("**n/a**") == 6
    assert report["machine"]["cpu"] in text and report["date"] in text

