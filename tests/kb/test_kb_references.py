"""Article references in English and Chinese (parser: table-driven; KB lookup: result kinds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.references import ReferenceParser
from bot.kb.sources import load_laws_meta

REAL_DATA = Path(__file__).resolve().parents[2] / "data" / "regulations"
LAL, LAR, LSL = "legal_aid_law", "legal_aid_regulations", "lawyers_law"


@pytest.fixture(scope="module")
def parser() -> ReferenceParser:
    return ReferenceParser.from_laws(load_laws_meta(REAL_DATA))


CASES = [
    # text, [(law, numbers), ...], law assumed for the first reference
    ("article 25 of the legal aid law", [(LAL, (25,))], False),
    ("Art. 31", [(LAL, (31,))], True),
    ("art 31 LAL", [(LAL, (31,))], False),
    ("regulations article 2", [(LAR, (2,))], False),
    ("article 42 of the lawyers law", [(LSL, (42,))], False),
    ("第三十一条", [(LAL, (31,))], True),
    ("法律援助法第二十五条", [(LAL, (25,))], False),
    ("律师法第四十二条", [(LSL, (42,))], False),
    ("what does article 99 say", [(LAL, (99,))], True),
    ("Article 10 of the Regulations on Legal Aid", [(LAR, (10,))], False),
    ("articles 29 to 31 of the lawyers' law", [(LSL, (29, 30, 31))], False),
    ("what do arts. 24-26 say?", [(LAL, (24, 25, 26))], True),
    ("article 25 and 26 of the LAL", [(LAL, (25, 26))], False),
    ("Art.31 of the law on legal aid", [(LAL, (31,))], False),
    ("条例第十条", [(LAR, (10,))], False),
    ("法律援助条例第十七条怎么规定的", [(LAR, (17,))], False),
    ("中华人民共和国律师法第三十八条", [(LSL, (38,))], False),
    ("第25条", [(LAL, (25,))], True),
    # Traditional characters and the short name people type.
    ("法律援助法第三十一條", [(LAL, (31,))], False),
    ("律師法第42條", [(LSL, (42,))], False),
    ("條例第十條", [(LAR, (10,))], False),
    ("第25條", [(LAL, (25,))], True),
    ("给我看下法援法31条", [(LAL, (31,))], False),
    ("法援法第三十二条", [(LAL, (32,))], False),
    ("律师法42条", [(LSL, (42,))], False),
    ("援助法 第 31 条", [(LAL, (31,))], False),
    ("第二十五条至第二十八条", [(LAL, (25, 26, 27, 28))], True),
    ("§ 42 lawyers law", [(LSL, (42,))], False),
    ("LAL 31", [(LAL, (31,))], False),
    ("section 5 of the regulations", [(LAR, (5,))], False),
    ("In the lawyers law, what does article 38 say?", [(LSL, (38,))], False),
    ("compare article 42 of the lawyers law with article 16 of the legal aid law",
     [(LSL, (42,)), (LAL, (16,))], False),
    ("the 25th article of the legal aid law", [(LAL, (25,))], False),
    ("article 0", [(LAL, (0,))], True),
    ("article 1000 of the regulations", [(LAR, (1000,))], False),
    ("第三十一条第二款", [(LAL, (31,))], True),
    ("法律援助法第二十五条、第二十六条", [(LAL, (25,)), (LAL, (26,))], False),
    ("Article 31 of the LAR", [(LAR, (31,))], False),
    ("what is article 2 in the regulations", [(LAR, (2,))], False),
    ("Lawyers Law Article 31", [(LSL, (31,))], False),
    ("ARTICLE 12 OF THE LEGAL AID LAW", [(LAL, (12,))], False),
    ("article #7 of the Lawyers’ Law", [(LSL, (7,))], False),
    # not references
    ("I read an article about legal aid", [], None),
    ("my boss won't pay me", [], None),
    ("what changed in the legal aid law 2021", [], None),
    ("I have 3 questions about the lawyers law", [], None),
    ("我有两条问题想问", [], None),
    ("", [], None),
]


@pytest.mark.parametrize(("text", "expected", "assumed"), CASES,
                         ids=[c[0] or "empty" for c in CASES])
def test_parse(parser: ReferenceParser, text: str, expected: list, assumed: bool | None) -> None:
    refs = parser.parse(text)
    assert [(r.law_id, r.numbers) for r in refs] == expected
    if expected:
        assert refs[0].law_assumed is assumed


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_remove_references_drops_references_and_law_names(parser: ReferenceParser) -> None:
    text, laws = parser.remove_references("what does article 42 of the lawyers law say about fees")
    assert text.split() == ["what", "does", "of", "say", "about", "fees"]
    assert laws == (LSL,)
    assert parser.remove_references("工资 拖欠") == ("工资 拖欠", ())


# --- KnowledgeBase.lookup ------------------------------------------------------------------
def test_lookup_found(real_kb) -> None:
    result = real_kb.lookup("article 25 of the legal aid law")
    assert result.kind == "found"
    assert [a.key for a in result.articles] == ["legal_aid_law:25"]
    assert result.law.id == LAL and result.law_assumed is False
    assert result.valid_range == (1, 71)


def test_lookup_assumes_current_law(real_kb) -> None:
    result = real_kb.lookup("第三十一条")
    assert (result.kind, result.law.id, result.law_assumed) == ("found", LAL, True)
    assert result.articles[0].label_zh == "第三十一条"


def test_lookup_out_of_range(real_kb) -> None:
    result = real_kb.lookup("what does article 99 say")
    assert result.kind == "no_such_article"
    assert result.law.id == LAL and result.law_assumed
    assert result.valid_range == (1, 71)
    assert result.missing == (99,) and result.articles == ()


def test_lookup_out_of_range_for_named_law(real_kb) -> None:
    result = real_kb.lookup("regulations article 40")
    assert (result.kind, result.law.id, result.valid_range) == ("no_such_article", LAR, (1, 31))


def test_lookup_partly_missing(real_kb) -> None:
    result = real_kb.lookup("articles 71 and 72")
    assert result.kind == "no_such_article"
    assert [a.number for a in result.articles] == [71] and result.missing == (72,)
    assert result.requested == (71, 72)


def test_lookup_not_a_reference(real_kb) -> None:
    result = real_kb.lookup("my boss won't pay me")
    assert result.kind == "not_a_reference"
    assert result.articles == () and result.law is None and result.valid_range is None
