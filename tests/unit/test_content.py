"""The conversation content agrees with itself: topics, answers, citations, training data."""

import re

import pytest
import yaml

from bot.kb.citations import Citation, faq_citations
from bot.paths import DATA_DIR, DOMAIN_FILE

LAW_NAMES = {  # how the answers name each law; a bare "art." means the Legal Aid Law
    "Legal Aid Law": "legal_aid_law",
    "Regulations on Legal Aid": "legal_aid_regulations",
    "Regulations": "legal_aid_regulations",
    "Lawyers Law": "lawyers_law",
}
# A law name may carry its status: "Regulations on Legal Aid (2003; superseded ...) art. 17".
CITATION = re.compile(r"(?:(Legal Aid Law|Regulations on Legal Aid|Regulations|Lawyers Law)"
                      r"(?:\s*\([^()]*\))?\s+)?art\.\s*((?:\d+(?:,\s*|\s*[–-]\s*)?)+)")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def training_examples() -> dict[str, set[str]]:
    examples: dict[str, set[str]] = {}
    for path in (DATA_DIR / "nlu").glob("*.yml"):
        for block in load(path).get("nlu", []):
            if "intent" in block:
                lines = [line[2:].strip() for line in block["examples"].splitlines()
                         if line.startswith("- ")]
                examples.setdefault(block["intent"], set()).update(lines)
    return examples


def faq_answers() -> dict[str, str]:
    """The English answer (the variation without a condition) of every faq/* response."""
    answers = {}
    for path in sorted((DATA_DIR / "responses").glob("*.yml")):
        for name, variations in (load(path).get("responses") or {}).items():
            if name.startswith("utter_faq/"):
                english = [v for v in variations if not v.get("condition")]
                answers[name[len("utter_"):]] = english[0]["text"]
    return answers


def cited_articles(text: str) -> set[tuple[str, int]]:
    """(law, article) pairs named in an answer, e.g. "(Legal Aid Law art. 2, 20)"."""
    found = set()
    for match in CITATION.finditer(text):
        law = LAW_NAMES[match.group(1)] if match.group(1) else "legal_aid_law"
        for number in re.findall(r"\d+", match.group(2)):
            found.add((law, int(number)))
    return found


ZH_LAW_NAMES = {"法律援助法": "legal_aid_law", "法律援助条例": "legal_aid_regulations",
                "律师法": "lawyers_law"}
ZH_CITATION = re.compile(r"《(?:中华人民共和国)?(法律援助法|法律援助条例|律师法)》"
                         r"|第([一二三四五六七八九十百]+)条")


def zh_cited_articles(text: str) -> set[tuple[str, int]]:
    """(law, article) pairs in a Chinese answer: 《法律援助法》第十二条、第十三条; a bare 第N条
    belongs to the law named last before it (the Legal Aid Law if none)."""
    from bot.kb.numerals import parse_number

    found, law = set(), "legal_aid_law"
    # a note right after a title is about the law, not a citation: 《法律援助条例》（2003年；…）
    text = re.sub(r"》（[^（）]*）", "》", text)
    for match in ZH_CITATION.finditer(text):
        if match.group(1):
            law = ZH_LAW_NAMES[match.group(1)]
        else:
            found.add((law, parse_number(match.group(2))))
    return found


def zh_faq_answers() -> dict[str, str]:
    """The Chinese answer (the variation with the language condition) of every faq/* response."""
    answers = {}
    for path in sorted((DATA_DIR / "responses").glob("*.yml")):
        for name, variations in (load(path).get("responses") or {}).items():
            if name.startswith("utter_faq/"):
                answers[name[len("utter_"):]] = next(v["text"] for v in variations
                                                     if v.get("condition"))
    return answers


@pytest.mark.parametrize("language", [0, 1], ids=["en", "zh"])
def test_every_topic_button_is_a_training_example_of_its_intent(language):
    buttons = load(DOMAIN_FILE)["responses"]["utter_all_topics"][language]["buttons"]
    examples = training_examples()
    for button in buttons:
        assert button["title"] == button["payload"]
        assert button["payload"] in examples.get(button["intent"], set()), button


def test_every_faq_intent_has_an_answer_a_topic_button_and_citations():
    faq_intents = {name for name in training_examples() if name.startswith("faq/")}
    answers = faq_answers()
    buttons = load(DOMAIN_FILE)["responses"]["utter_all_topics"][0]["buttons"]
    assert faq_intents == set(answers)
    assert faq_intents <= {button["intent"] for button in buttons}
    assert faq_intents == set(faq_citations())


@pytest.mark.parametrize("topic", sorted(faq_answers()))
def test_chinese_answers_cite_exactly_the_articles_listed_for_them(topic):
    listed = {(c.law_id, c.article) for c in faq_citations()[topic] if c.article}
    assert zh_cited_articles(zh_faq_answers()[topic]) == listed


@pytest.mark.parametrize("topic", sorted(faq_answers()))
def test_answers_cite_exactly_the_articles_listed_for_them(topic):
    listed = {(c.law_id, c.article) for c in faq_citations()[topic] if c.article}
    assert cited_articles(faq_answers()[topic]) == listed


def test_citation_parsing():
    assert cited_articles("(Legal Aid Law art. 4, 5, 12; Regulations on Legal Aid art. 3)") == {
        ("legal_aid_law", 4), ("legal_aid_law", 5), ("legal_aid_law", 12),
        ("legal_aid_regulations", 3)}
    assert cited_articles("(Regulations on Legal Aid (2003; superseded where the 2021 Legal Aid "
                          "Law differs) art. 17)") == {("legal_aid_regulations", 17)}
    assert Citation.parse("background:seed_000_grassroots").document == "seed_000_grassroots"
    with pytest.raises(ValueError):
        Citation.parse("legal_aid_law")


def test_no_phone_number_other_than_12348_appears_in_any_response():
    texts = [DOMAIN_FILE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (DATA_DIR / "responses").glob("*.yml")]
    for text in texts:
        for number in re.findall(r"\b\d{5,}\b", text):
            assert number == "12348", number
