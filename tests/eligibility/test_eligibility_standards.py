"""The dated provincial standards table refuses rows without a source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.eligibility import StandardsError, StandardsTable
from bot.eligibility.standards import COLUMNS, STANDARDS_FILE, normalize_province
from tests.eligibility.conftest import FIXTURE_TABLE

HEADER = ",".join(COLUMNS)
GOOD = "测试省|TEST,2024-01-01,,1200,FICTITIOUS basis,FICTITIOUS title,TEST-REF,2024-01-01"


def write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "table.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_shipped_table_loads_and_has_no_unsourced_figures():
    table = StandardsTable.load(STANDARDS_FILE)
    assert len(table) == 0  # add rows only with a verifiable source: data/eligibility/README.md
    assert STANDARDS_FILE.read_text(encoding="utf-8").splitlines()[0] == HEADER


def test_the_fixture_is_marked_fictitious(fictitious_table):
    assert "FICTITIOUS" in FIXTURE_TABLE.read_text(encoding="utf-8").splitlines()[0]
    assert all("FICTITIOUS" in row.source_title for row in fictitious_table.rows)


@pytest.mark.parametrize(("province", "on", "amount"), [
    ("TEST", date(2024, 6, 1), "1200"), ("test", date(2024, 1, 1), "1200"),
    ("测试省", date(2023, 12, 31), "1000"), ("测试", date(2022, 1, 1), "1000"),
    (" 测 试 省 ", date(2030, 1, 1), "1200"), ("虚构自治区", date(2021, 12, 31), "900"),
    ("虚构", date(2021, 6, 1), "900"),
])
def test_find_by_name_code_or_spoken_form_on_a_date(fictitious_table, province, on, amount):
    row = fictitious_table.find(province, on)
    assert row is not None and row.monthly_income_per_person_cny == Decimal(amount)


@pytest.mark.parametrize(("province", "on"), [
    ("TEST", date(2021, 12, 31)), ("虚构", date(2022, 1, 1)), ("广东省", date(2024, 6, 1)),
    ("", date(2024, 6, 1)), (None, date(2024, 6, 1)),
])
def test_no_row_outside_the_dates_or_provinces(fictitious_table, province, on):
    assert fictitious_table.find(province, on) is None


def test_normalize_province():
    assert normalize_province("广西壮族自治区") == normalize_province("广西") == "广西"
    assert normalize_province("北京市") == "北京"
    assert normalize_province("GD") == "gd"


def test_a_good_row_loads(tmp_path):
    assert len(StandardsTable.load(write(tmp_path, GOOD))) == 1


@pytest.mark.parametrize("column", ["province", "effective_from", "monthly_income_per_person_cny",
                                    "basis", "source_title", "source_reference", "checked_on"])
def test_a_row_missing_a_required_value_is_refused(tmp_path, column):
    values = GOOD.split(",")
    values[COLUMNS.index(column)] = ""
    with pytest.raises(StandardsError, match=column):
        StandardsTable.load(write(tmp_path, ",".join(values)))


@pytest.mark.parametrize(("column", "value"), [
    ("effective_from", "2024/01/01"), ("effective_to", "2023-01-01"), ("checked_on", "soon"),
    ("monthly_income_per_person_cny", "about 1000"), ("monthly_income_per_person_cny", "0"),
])
def test_bad_values_are_refused(tmp_path, column, value):
    values = GOOD.split(",")
    values[COLUMNS.index(column)] = value
    with pytest.raises(StandardsError):
        StandardsTable.load(write(tmp_path, ",".join(values)))


def test_overlapping_rows_for_one_province_are_refused(tmp_path):
    later = GOOD.replace("测试省|TEST,2024-01-01", "TEST,2025-01-01")
    with pytest.raises(StandardsError, match="overlap"):
        StandardsTable.load(write(tmp_path, GOOD, later))


def test_a_wrong_header_is_refused(tmp_path):
    with pytest.raises(StandardsError, match="columns"):
        StandardsTable.load(write(tmp_path, GOOD, header="province,amount"))
