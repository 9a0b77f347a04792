"""Knowledge-base actions with constructed trackers and the real knowledge base."""

from actions.knowledge import ActionSearchLaw, ActionShowArticle
from actions.sources import ActionShowSource
from tests.actions.conftest import run, tracker


def test_article_by_english_reference():
    [message] = run(ActionShowArticle(), tracker("article 25 of the legal aid law"))[0]
    assert message["response"] == "utter_article"
    assert message["number"] == 25 and message["label_zh"] == "第二十五条"
    assert "未成年人" in message["text_zh"] and message["text_en"]
    assert message["chapter_number"] == 3


def test_article_by_chinese_reference_in_another_law():
    [message] = run(ActionShowArticle(), tracker("律师法第四十二条"))[0]
    assert message["law_name"] == "Lawyers Law" and message["number"] == 42


def test_article_without_a_law_assumes_the_legal_aid_law_and_says_so():
    messages, _ = run(ActionShowArticle(), tracker("Art. 31"))
    assert [m["response"] for m in messages] == ["utter_law_assumed", "utter_article"]


def test_missing_article_names_the_range():
    question = "what does article 99 of the legal aid law say"
    [message] = run(ActionShowArticle(), tracker(question))[0]
    assert message["response"] == "utter_no_such_article"
    assert (message["number"], message["first"], message["last"]) == (99, 1, 71)


def test_button_entities_pick_the_article():
    entities = [{"entity": "law", "value": "legal_aid_regulations"},
                {"entity": "article", "value": "17"}]
    status, message = run(ActionShowArticle(), tracker("/ask_article", entities=entities))[0]
    assert message["law_name"] == "Regulations on Legal Aid" and message["number"] == 17
    # legal audit P2-1: a 2003 Regulations article is never shown without its status
    assert status["response"] == "utter_article_superseded" and status["current"] == "41"
    assert status["current_zh"] == "第四十一条"


def test_untranslated_article_says_so():
    entities = [{"entity": "law", "value": "lawyers_law"}, {"entity": "article", "value": "50"}]
    [message] = run(ActionShowArticle(), tracker("/ask_article", entities=entities))[0]
    assert message["response"] == "utter_article_untranslated"


def test_topic_search_answers_or_offers_candidates():
    messages, _ = run(ActionSearchLaw(), tracker("what does the law say about unpaid wages"))
    responses = [m["response"] for m in messages]
    assert responses[0] in ("utter_search_best", "utter_search_choose")
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    shown = [m.get("number") for m in messages if m["response"] == "utter_article"]
    assert 31 in shown or any('"article": "31"' in p for p in payloads)


def test_search_with_nothing_found():
    messages, _ = run(ActionSearchLaw(), tracker("xyzzy qwerty"))
    assert [m["response"] for m in messages] == ["utter_search_nothing"]


def bot_event(utter_action: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": utter_action}}


def test_source_of_the_last_faq_answer_lists_its_articles():
    events = [{"event": "user", "text": "is it free"}, bot_event("utter_faq/is_it_free")]
    messages, _ = run(ActionShowSource(), tracker("which article says that?", events=events))
    assert messages[0]["response"] == "utter_source_intro"
    assert [m["number"] for m in messages[1:]] == [2, 20, 53, 55]


def test_source_includes_background_documents():
    events = [bot_event("utter_faq/center_vs_grassroots")]
    messages, _ = run(ActionShowSource(), tracker("source?", events=events))
    responses = [m["response"] for m in messages]
    assert "utter_background_document" in responses
    background = next(m for m in messages if m["response"] == "utter_background_document")
    assert background["title"] and background["text"]


def test_no_source_before_any_answer_or_after_a_new_session():
    assert run(ActionShowSource(), tracker("source?"))[0][0]["response"] == "utter_no_source"
    events = [bot_event("utter_faq/is_it_free"), {"event": "session_started"}]
    messages, _ = run(ActionShowSource(), tracker("source?", events=events))
    assert messages[0]["response"] == "utter_no_source"


def test_search_never_serves_the_2003_regulations_as_the_best_answer():
    """Legal audit P2-1: "what documents do I need" showed Regulations art. 17 in full."""
    for question in ("what documents do I need to apply",
                     "where do I apply for legal aid for a wage claim"):
        messages, _ = run(ActionSearchLaw(), tracker(question))
        shown = [m for m in messages if m["response"] in ("utter_article",
                                                          "utter_article_untranslated")]
        assert all(m["law_name"] != "Regulations on Legal Aid" for m in shown), question
        titles = [b["title"] for m in messages for b in m.get("buttons") or []]
        assert titles and titles[0].startswith("Legal Aid Law"), titles
        for title in titles:  # a Regulations button carries the status
            assert "Regulations" not in title or "superseded" in title, title
