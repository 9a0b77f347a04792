"""The `kb` command group as the lead's bot/__main__.py wires it: register() + args.func(args)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.kb.cli import register


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bot")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def built_url(tmp_path: Path, fixture_dir: Path, clear_kb_cache: None) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run(["kb", "build", "--url", url, "--data-dir", str(fixture_dir)]) == 0
    return url


def test_build_then_unchanged(built_url: str, fixture_dir: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["kb", "build", "--url", built_url, "--data-dir", str(fixture_dir)]) == 0
    assert "unchanged: 2 laws, 15 articles, 14 in English" in capsys.readouterr().out


def test_build_reports_source_error(tmp_path: Path, fixture_dir: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    (fixture_dir / "en/beta.en.yml").unlink()
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert run(["kb", "build", "--url", url, "--data-dir", str(fixture_dir)]) == 1
    assert "error: beta.en.yml: file not found" in capsys.readouterr().err
    assert run(["kb", "build", "--url", url, "--data-dir", str(fixture_dir),
                "--allow-incomplete"]) == 0


def test_search(built_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["kb", "search", "my boss won't pay my wages", "--url", built_url,
                "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(" 1. Alpha Law art. 5 (第五条)  ch. 2 Scope of aid  score ")
    assert out[1].startswith("    EN: A party to the following matters")
    assert out[2].startswith("    ZH: 下列事项的当事人")


def test_show(built_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["kb", "show", "beta rules", "1", "--url", built_url]) == 0
    out = capsys.readouterr().out
    assert "Beta Rules (乙条例), Article 1 第一条" in out
    assert "English (from seed seed_001):" in out and "Chinese (authoritative):" in out
    assert run(["kb", "show", "alpha_law", "13", "--url", built_url]) == 1
    assert "has articles 1-12" in capsys.readouterr().err
    assert run(["kb", "show", "nope", "1", "--url", built_url]) == 1


def test_lookup(built_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["kb", "lookup", "甲法第十条", "--url", built_url]) == 0
    assert "found: law alpha_law, requested [10]" in capsys.readouterr().out


def test_kb_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["kb"]) == 2
    assert "build" in capsys.readouterr().out
