"""Readers for the legal guard tests: the statute texts the knowledge base is built from, the
citations a response makes (English and Chinese), and every response's variations."""

from __future__ import annotations

import re
from functools import cache

import yaml

from bot.kb.numerals import parse_number, to_chinese
from bot.paths import DATA_DIR, DOMAIN_FILE, REGULATIONS_DIR

FILES = {"legal_aid_law": "legal_aid_law_2021.zh.txt",
         "legal_aid_regulations": "legal_aid_regulations_2003.zh.txt",
         "lawyers_law": "lawyers_law_2017.zh.txt"}
EN_NAMES = {"Legal Aid Law": "legal_aid_law", "Regulations on Legal Aid": "legal_aid_regulations",
            "Lawyers Law": "lawyers_law"}
ZH_NAMES = {"法律援助法": "legal_aid_law", "法律援助条例": "legal_aid_regulations",
            "律师法": "lawyers_law"}
REGS_STATUS_EN = "(2003; superseded where the 2021 Legal Aid Law differs)"
REGS_STATUS_ZH = "（2003年；与2021年《法律援助法》不一致的，以法律援助法为准）"
NUMERAL = "[零一二三四五六七八九十百]+"


@cache
def articles(law_id: str) -> dict[int, str]:
    text = (REGULATIONS_DIR / "zh" / FILES[law_id]).read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=第" + NUMERAL + "条)", text):
        match = re.match(r"第(" + NUMERAL + r")条", block.strip())
        if match:
            found[parse_number(match.group(1))] = block.strip()
    return found


def article_text(law_id: str, number: int, item: int | None = None) -> str:
    text = articles(law_id)[number]
    if item is None:
        return text
    match = re.search(rf"（{to_chinese(item)}）[^\n]*", text)
    assert match, f"{law_id} art. {number} has no item {item}"
    return match.group(0)


def all_responses() -> dict[str, list[str]]:
    """Response name -> the texts of all its variations (every language), button titles too."""
    responses: dict[str, list[str]] = {}
    for path in [DOMAIN_FILE, *sorted((DATA_DIR / "responses").glob("*.yml"))]:
        for name, variations in (yaml.safe_load(path.read_text("utf-8")).get("responses")
                                 or {}).items():
            for variation in variations:
                texts = [variation.get("text") or ""]
                texts += [b.get("title") or "" for b in variation.get("buttons") or []]
                responses.setdefault(name, []).extend(texts)
    return responses


Citation = tuple[str, int, int | None, int | None]  # law, article, item, paragraph

EN_REF = re.compile(r"(\d+)((?:\(\d+\))?)(?:\s*para\.\s*(\d+))?(?:\s*-\s*\((\d+)\))?")


def english_citations(text: str) -> list[Citation]:
    """"(Legal Aid Law art. 25(4), 26)", "art. 31(1)-(8), 32(5)", "art. 25 para. 2"; a bare
    "art." belongs to the law named last before it in the text (the Legal Aid Law if none)."""
    text = text.replace(REGS_STATUS_EN, "")
    found: list[Citation] = []
    names = "|".join(map(re.escape, EN_NAMES))
    refs = rf"(?:{EN_REF.pattern}(?:,\s*|\s+and\s+)?)+"
    for match in re.finditer(rf"(?:({names})\s+)?art\.\s*({refs})", text):
        before = re.findall(names, text[:match.start()])
        law = EN_NAMES[match.group(1)] if match.group(1) else (
            EN_NAMES[before[-1]] if before else "legal_aid_law")
        for number, item, paragraph, last_item in EN_REF.findall(match.group(2)):
            first = int(item[1:-1]) if item else None
            found.append((law, int(number), first, int(paragraph) if paragraph else None))
            if last_item:
                found.append((law, int(number), int(last_item), None))
    return found


ZH_REF = re.compile(rf"第({NUMERAL})条(?:第({NUMERAL})款)?(?:第({NUMERAL})项)?"
                    rf"(?:至第({NUMERAL})项)?")


def chinese_citations(text: str) -> list[Citation]:
    """"《法律援助法》第四十二条第一项", "（第三十一条第九项、第三十二条第五项）": a bare
    第N条 belongs to the law in 《》 named last before it (the Legal Aid Law if none)."""
    text = text.replace(REGS_STATUS_ZH, "")
    found: list[Citation] = []
    for match in ZH_REF.finditer(text):
        titles = re.findall(r"《(?:中华人民共和国)?([^》]+)》", text[:match.start()])
        if titles and titles[-1] not in ZH_NAMES:
            continue  # another law (个人信息保护法, a supplementary rule): not in the KB
        law = ZH_NAMES[titles[-1]] if titles else "legal_aid_law"
        number, paragraph, item, last_item = match.groups()
        found.append((law, parse_number(number), parse_number(item) if item else None,
                      parse_number(paragraph) if paragraph else None))
        if last_item:
            found.append((law, parse_number(number), parse_number(last_item), None))
    return found


def citations(text: str) -> list[Citation]:
    return english_citations(text) + chinese_citations(text)


RESPONSES = all_responses()
