"""Provincial financial-difficulty standards (Legal Aid Law art. 34), a dated table with sources.

Every row names the document it comes from; a row without a source is refused at load time,
so no figure reaches a user unless a legal-aid worker can point to where it was published.
The shipped table (data/eligibility/financial_standards.csv) has no rows yet: see its README.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bot.paths import DATA_DIR

STANDARDS_FILE = DATA_DIR / "eligibility" / "financial_standards.csv"
COLUMNS = ("province", "effective_from", "effective_to", "monthly_income_per_person_cny", "basis",
           "source_title", "source_reference", "checked_on")
REQUIRED = ("province", "effective_from", "monthly_income_per_person_cny", "basis",
            "source_title", "source_reference", "checked_on")
# Spoken forms drop these: "广东" finds a row for "广东省", "广西" one for "广西壮族自治区".
_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


class StandardsError(ValueError):
    """A row of the standards table that cannot be used."""


@dataclass(frozen=True)
class StandardRow:
    province: str  # as written in the table; "|" separates names and codes of one province
    effective_from: date
    effective_to: date | None  # inclusive; None = still in force
    monthly_income_per_person_cny: Decimal
    basis: str
    source_title: str
    source_reference: str
    checked_on: date

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def names(self) -> frozenset[str]:
        return frozenset(normalize_province(name) for name in self.province.split("|"))

    def as_dict(self) -> dict[str, str]:
        return {name: "" if getattr(self, name) is None else str(getattr(self, name))
                for name in COLUMNS}


def normalize_province(name: str) -> str:
    key = "".join(name.split()).casefold()
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


class StandardsTable:
    def __init__(self, rows: Iterable[StandardRow] = ()):
        self.rows = tuple(rows)
        _check_overlaps(self.rows)

    @classmethod
    def load(cls, path: Path = STANDARDS_FILE) -> StandardsTable:
        """Read the CSV ("#" lines are comments); raises StandardsError on a bad row."""
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if not line.lstrip().startswith("#")]
        reader = csv.DictReader(lines)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise StandardsError(f"{path}: columns must be {', '.join(COLUMNS)}")
        return cls(_row(record, f"{path}, row {number}")
                   for number, record in enumerate(reader, start=1))

    def find(self, province: str | None, on_date: date) -> StandardRow | None:
        """The row in force for the province on the date, or None."""
        if not province:
            return None
        key = normalize_province(province)
        matches = [row for row in self.rows if key in row.names() and row.covers(on_date)]
        return max(matches, key=lambda row: row.effective_from, default=None)

    def __len__(self) -> int:
        return len(self.rows)


def _row(record: dict[str, str], where: str) -> StandardRow:
    values = {name: (record.get(name) or "").strip() for name in COLUMNS}
    for name in REQUIRED:
        if not values[name]:
            raise StandardsError(f"{where}: {name} is empty; every row needs a verifiable source")
    try:
        amount = Decimal(values["monthly_income_per_person_cny"])
    except InvalidOperation:
        raise StandardsError(f"{where}: monthly_income_per_person_cny is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise StandardsError(f"{where}: monthly_income_per_person_cny must be above 0")
    row = StandardRow(
        province=values["province"],
        effective_from=_date(values["effective_from"], "effective_from", where),
        effective_to=_date(values["effective_to"], "effective_to", where)
        if values["effective_to"] else None,
        monthly_income_per_person_cny=amount,
        basis=values["basis"],
        source_title=values["source_title"],
        source_reference=values["source_reference"],
        checked_on=_date(values["checked_on"], "checked_on", where),
    )
    if row.effective_to is not None and row.effective_to < row.effective_from:
        raise StandardsError(f"{where}: effective_to is before effective_from")
    return row


def _date(text: str, name: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StandardsError(f"{where}: {name} {text!r} is not a date (YYYY-MM-DD)") from None


def _check_overlaps(rows: tuple[StandardRow, ...]) -> None:
    for i, first in enumerate(rows):
        for second in rows[i + 1:]:
            if first.names() & second.names() and _overlap(first, second):
                raise StandardsError(f"rows for {first.province} and {second.province} overlap "
                                     f"({first.effective_from} and {second.effective_from})")


def _overlap(a: StandardRow, b: StandardRow) -> bool:
    a_end, b_end = a.effective_to or date.max, b.effective_to or date.max
    return a.effective_from <= b_end and b.effective_from <= a_end
