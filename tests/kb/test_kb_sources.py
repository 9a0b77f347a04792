"""Parsing and validation of data/regulations-style sources; errors name file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb.sources import load_corpus, load_laws_meta
from bot.kb.srcyaml import SourceError, parse_ranges
from bot.kb.zhtext import parse_zh

Edit = Callable[[Path, str, str], None]
FIXTURES = Path(__file__).with_name("fixtures")
BAD = FIXTURES / "bad"
REAL_DATA = Path(__file__).resolve().parents[2] / "data" / "regulations"


def error_of(data_dir: Path, strict: bool = True) -> str:
    with pytest.raises(SourceError) as info:
        load_corpus(data_dir, strict=strict)
    return str(info.value)


def test_good_fixture_loads(fixture_dir: Path) -> None:
    corpus = load_corpus(fixture_dir)
    alpha, beta = corpus.laws
    assert (alpha.id, len(alpha.zh), len(alpha.en)) == ("alpha_law", 12, 12)
    assert (beta.id, len(beta.zh), len(beta.en)) == ("beta_rules", 3, 2)
    assert [a.label for a in alpha.zh[8:]] == ["第九条", "第十条", "第十一条", "第十二条"]
    assert alpha.zh[2].text.split("\n") == [
        "县级以上人民政府应当设立法律援助机构。", "法律援助机构负责受理、审查法律援助申请。"]
    assert alpha.zh[4].text.count("\n") == 3  # items stay on their own lines
    assert alpha.chapter_of(5).title_en == "Scope of aid"
    assert beta.en[1].source == "seed_001"
    assert corpus.background[0].related == ("alpha_law:3", "beta_rules:2")
    assert corpus.warnings == []
    assert len(corpus.content_hash) == 64


def test_real_data_article_counts() -> None:
    corpus = load_corpus(REAL_DATA, strict=False)
    assert {law.id: len(law.zh) for law in corpus.laws} == {
        "legal_aid_law": 71, "legal_aid_regulations": 31, "lawyers_law": 60}


def test_content_hash_changes_with_content_and_salt(fixture_dir: Path, edit: Edit) -> None:
    first = load_corpus(fixture_dir).content_hash
    assert load_corpus(fixture_dir).content_hash == first
    assert load_corpus(fixture_dir, salt="other").content_hash != first
    edit(fixture_dir / "zh/beta.zh.txt", "规范法律援助工作", "规范法律援助")
    assert load_corpus(fixture_dir).content_hash != first


# --- Chinese statute files -----------------------------------------------------------------
def test_gap_names_file_and_line() -> None:
    with pytest.raises(SourceError) as info:
        parse_zh(BAD / "gap.zh.txt", 3)
    assert str(info.value) == "gap.zh.txt:5: expected 第三条, found 第四条"
    assert info.value.line == 5


def test_text_before_first_article() -> None:
    with pytest.raises(SourceError, match=r"^text_before\.zh\.txt:1: text before the first"):
        parse_zh(BAD / "text_before.zh.txt", 1)


def test_empty_article() -> None:
    with pytest.raises(SourceError, match=r"^empty_article\.zh\.txt:3: 第二条 is empty"):
        parse_zh(BAD / "empty_article.zh.txt", 3)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("第十条", "第十二条", "alpha.zh.txt:23: expected 第十条, found 第十二条"),
        ("第三条", "第二条", "alpha.zh.txt:5: expected 第三条, found 第二条"),  # duplicate
        ("第十一条 ", "第十条 ", "alpha.zh.txt:25: expected 第十一条, found 第十条"),
        ("第五条", "第五十条", "alpha.zh.txt:10: expected 第五条, found 第五十条"),
        ("第二条", "第二二条", "alpha.zh.txt:3: bad article number in 第二二条"),
        ("第九条", "第八条", "alpha.zh.txt:21: expected 第九条, found 第八条"),
        ("第八条", "第八条\n\n第九条", "alpha.zh.txt:19: 第八条 is empty"),
        ("制定本法。\n\n第二条", "制定本法。\n第二条", "alpha.zh.txt:2: missing blank line"),
        ("法律援助机构负责", "\n法律援助机构负责", "alpha.zh.txt:7: paragraph after a blank line"),
        ("第十二条 本法自2021年1月1日起施行。\n", "",
         "alpha.zh.txt:25: expected 12 articles (laws.yml), found 11 (last is 第十一条)"),
    ],
)
def test_zh_validation(fixture_dir: Path, edit: Edit, old: str, new: str, message: str) -> None:
    edit(fixture_dir / "zh/alpha.zh.txt", old, new)
    assert error_of(fixture_dir).startswith(message)


def test_zh_missing_file(fixture_dir: Path) -> None:
    (fixture_dir / "zh/beta.zh.txt").unlink()
    assert error_of(fixture_dir) == "beta.zh.txt: file not found"


def test_cross_reference_paragraph_is_not_a_header(fixture_dir: Path, edit: Edit) -> None:
    edit(fixture_dir / "zh/alpha.zh.txt", "法律援助机构负责", "第二条规定的法律援助机构负责")
    assert len(load_corpus(fixture_dir).laws[0].zh) == 12


# --- English files -------------------------------------------------------------------------
def test_unknown_law_in_english_file(fixture_dir: Path) -> None:
    (fixture_dir / "en/gamma.en.yml").write_bytes((BAD / "unknown_law.en.yml").read_bytes())
    assert error_of(fixture_dir).startswith("gamma.en.yml:2: unknown law id 'gamma_code'")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - number: 4\n", "  - number: 40\n",
         "alpha.en.yml:17: no article 40 in alpha_law (1-12)"),
        ("  - number: 4\n", "  - number: 3\n", "alpha.en.yml:17: article 3 appears twice"),
        ("  - number: 4\n", "  - number: 2\n", "alpha.en.yml:17: article 2 after 3"),
        ("  - number: 4\n", "  - number: four\n", "alpha.en.yml:17: 'number' must be int"),
        ("law: alpha_law", "law: beta_rules", "alpha.en.yml:1: file is laws.yml's en_file of "
                                              "alpha_law but says law: beta_rules"),
        ("    source: project\n    text: |\n      Legal aid is",
         "    source: machine\n    text: |\n      Legal aid is",
         "alpha.en.yml:8: source must be project or seed_NNN"),
        ("    text: |\n      Legal aid is", "    txt: |\n      Legal aid is",
         "alpha.en.yml:8: unknown key(s) in article entry: txt"),
        ("  - number: 12\n    source: project\n    text: |\n      This Law shall enter into force "
         "on 1 January 2021.\n", "  - number: 12\n    source: project\n    text: ''\n",
         "alpha.en.yml:52: 'text' is empty"),
        ("articles:\n", "articles:\n  - number: [1\n", "alpha.en.yml:5: invalid YAML"),
    ],
)
def test_en_validation(fixture_dir: Path, edit: Edit, old: str, new: str, message: str) -> None:
    edit(fixture_dir / "en/alpha.en.yml", old, new)
    assert error_of(fixture_dir).startswith(message)


def test_coverage_gap_is_error_when_strict_warning_otherwise(fixture_dir: Path, edit: Edit) -> None:
    edit(fixture_dir / "en/alpha.en.yml",
         "  - number: 7\n    source: project\n    text: |\n      A victim of domestic violence "
         "applying for legal aid is not subject to the financial difficulty condition.\n", "")
    message = "alpha.en.yml: english_coverage 'all' of alpha_law needs 1 more article(s): 7"
    assert error_of(fixture_dir) == message
    corpus = load_corpus(fixture_dir, strict=False)
    assert corpus.warnings == [message]
    assert 7 not in corpus.laws[0].en


def test_missing_english_file(fixture_dir: Path) -> None:
    (fixture_dir / "en/beta.en.yml").unlink()
    assert error_of(fixture_dir) == ("beta.en.yml: file not found (english_coverage of "
                                     "beta_rules is '1-2')")
    assert len(load_corpus(fixture_dir, strict=False).warnings) == 1


def test_stray_english_file_for_known_law(fixture_dir: Path) -> None:
    (fixture_dir / "en/alpha_copy.en.yml").write_bytes(
        (fixture_dir / "en/alpha.en.yml").read_bytes())
    assert "alpha_copy.en.yml:1: not the en_file of alpha_law" in error_of(fixture_dir)


# --- laws.yml ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("first: 5, last: 12", "first: 6, last: 12",
         "laws.yml:19: chapter 2 covers 6-12, expected it to start at article 5"),
        ("first: 5, last: 12", "first: 5, last: 11",
         "laws.yml:3: alpha_law: chapters end at article 11, article_count is 12"),
        ("article_count: 12", "article_count: 13", "laws.yml:3: alpha_law: chapters end"),
        ("english_coverage: 1-2", "english_coverage: 1-5",
         "laws.yml:21: beta_rules: english_coverage: range '1-5' outside 1-3"),
        ("english_coverage: 1-2", "english_coverage: some", "laws.yml:21: beta_rules: "
                                                            "english_coverage: bad range"),
        ("[beta rules, the rules", "[alpha law, the rules",
         "laws.yml:21: alias 'alpha law' used by both alpha_law and beta_rules"),
        ("  - id: beta_rules", "  - id: alpha_law", "laws.yml:21: duplicate law id 'alpha_law'"),
        ("    short_zh: 乙条例\n", "", "laws.yml:21: missing key 'short_zh'"),
        ("{number: 2, title_zh", "{number: 3, title_zh",
         "laws.yml:19: expected chapter 2, found 3"),
    ],
)
def test_laws_yml_validation(fixture_dir: Path, edit: Edit, old: str, new: str,
                             message: str) -> None:
    edit(fixture_dir / "laws.yml", old, new)
    with pytest.raises(SourceError) as info:
        load_laws_meta(fixture_dir)
    assert str(info.value).startswith(message)


# --- background ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("alpha_law:3,", "alpha_law:13,",
         "bg_centers.yml:1: related: no such article 'alpha_law:13'"),
        ("alpha_law:3,", "delta_law:3,",
         "bg_centers.yml:1: related: no such article 'delta_law:3'"),
        ("id: bg_centers", "id: centers", "bg_centers.yml:1: id 'centers' does not match"),
        ("  - heading: Whom it serves\n", "  - heading: ''\n",
         "bg_centers.yml:7: 'heading' is empty"),
    ],
)
def test_background_validation(fixture_dir: Path, edit: Edit, old: str, new: str,
                               message: str) -> None:
    edit(fixture_dir / "background/bg_centers.yml", old, new)
    assert error_of(fixture_dir).startswith(message)


@pytest.mark.parametrize(
    ("spec", "numbers"),
    [("all", [1, 2, 3, 4]), ("2-3", [2, 3]), ("1, 3-4", [1, 3, 4]), ("4", [4])],
)
def test_parse_ranges(spec: str, numbers: list[int]) -> None:
    assert parse_ranges(spec, 4) == numbers


@pytest.mark.parametrize("spec", ["0-2", "3-2", "1-5", "x", "1-"])
def test_parse_ranges_rejects(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_ranges(spec, 4)
