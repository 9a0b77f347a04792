"""The eligibility cases table and the fictitious standards table the cases use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.eligibility import StandardsTable

HERE = Path(__file__).parent
CASES_FILE = HERE / "cases.yml"
FIXTURE_TABLE = HERE / "fixtures" / "financial_standards_fictitious.csv"


def load_cases() -> dict:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fictitious_table() -> StandardsTable:
    return StandardsTable.load(FIXTURE_TABLE)
