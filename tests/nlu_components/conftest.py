"""Markers of the NLU component tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: trains a tiny NLU model (about 10 s)")
