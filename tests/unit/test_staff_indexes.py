"""`python -m bot report --create-indexes`: the report's indexes added once, before any report."""

from __future__ import annotations

import time

import sqlalchemy as sa

from bench.staff_seed import random_conversations, write
from bot.__main__ import main
from bot.staff.store import INDEXES


def test_the_indexes_are_added_once_by_the_command(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    engine = sa.create_engine(url, future=True)
    write(engine, random_conversations(20, time.time() - 86400))
    assert main(["report", "--create-indexes", "--url", url]) == 0
    names = {index["name"] for index in sa.inspect(engine).get_indexes("events")}
    assert {name for name, _ in INDEXES} <= names
    assert "added" in capsys.readouterr().out
    assert main(["report", "--create-indexes", "--url", url]) == 0
    assert "already there" in capsys.readouterr().out
    engine.dispose()
