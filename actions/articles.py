"""Render statute articles and background documents through domain responses.

The article text comes from the knowledge base; every label around it (law name, "unofficial
translation", chapter) is in the response templates, so another language needs no code change.
"""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.kb import Article, BackgroundDoc
from bot.kb.numerals import article_label, to_chinese
from bot.kb.superseded import covered_by


def article_variables(article: Article) -> dict[str, object]:
    return {
        "law_name": article.law_short_en,
        "law_name_zh": article.law_title_zh,
        "number": article.number,
        "label_zh": article.label_zh,
        "chapter_number": article.chapter_number,
        "chapter_label_zh": f"第{to_chinese(article.chapter_number)}章",
        "chapter_title_en": article.chapter_title_en,
        "chapter_title_zh": article.chapter_title_zh,
        "text_en": article.text_en or "",
        "text_zh": article.text_zh,
    }


def utter_article(dispatcher: CollectingDispatcher, article: Article | None) -> None:
    if article is None:
        dispatcher.utter_message(response="utter_article_missing")
        return
    if article.law_status != "current":  # the 2003 Regulations: say so, and what governs now
        current = [number for _, number in covered_by().get((article.law_id, article.number), ())]
        dispatcher.utter_message(response="utter_article_superseded",
                                 current=", ".join(str(n) for n in current),
                                 current_zh="、".join(article_label(n) for n in current))
    if article.text_en:
        dispatcher.utter_message(response="utter_article", **article_variables(article))
    else:
        dispatcher.utter_message(response="utter_article_untranslated",
                                 **article_variables(article))


def utter_background(dispatcher: CollectingDispatcher, document: BackgroundDoc | None) -> None:
    if document is None:
        dispatcher.utter_message(response="utter_article_missing")
        return
    text = "\n\n".join(f"{section.heading}\n{section.text}".strip()
                       for section in document.sections)
    dispatcher.utter_message(response="utter_background_document", title=document.title,
                             text=text, source=document.source)
