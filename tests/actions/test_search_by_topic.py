"""'What does the X law say about Y' in a conversation: one article when it clearly wins."""

from actions.knowledge import ActionSearchLaw
from tests.actions.conftest import run, tracker


def test_a_defenders_duties_are_lawyers_law_article_31_without_a_menu():
    messages, _ = run(ActionSearchLaw(), tracker(
        "what does the lawyers law say about a defender's duties", "ask_law_topic"))
    assert messages[0]["response"] == "utter_search_best"
    assert (messages[1]["law_name_zh"], messages[1]["number"]) == ("中华人民共和国律师法", 31)
    assert messages[2]["response"] == "utter_search_related"


def test_equally_good_articles_are_offered_as_a_menu():
    messages, _ = run(ActionSearchLaw(), tracker(
        "what does the law say about duty lawyers", "ask_law_topic"))
    assert [m["response"] for m in messages] == ["utter_search_choose"]
    assert len(messages[0]["buttons"]) == 3
