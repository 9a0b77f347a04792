"""The fixed mixed script both bots receive: FAQ questions, article lookups, topic searches and
complete eligibility screenings (answers taken from tests/e2e/test_screening.py, in the order the
form asks them), half of the conversations in English and half in Chinese (issue 15), taking
turns.

Each step may name a text the assistant's reply must contain (or several, any of which will
do); the stock
bot gets the same messages, but its replies are not checked (it knows none of these topics).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Step:
    text: str
    expect: tuple[str, ...] = ()  # any one of them in the joined reply (our assistant only)

    def accepts(self, reply: str) -> bool:
        return not self.expect or any(text in reply for text in self.expect)


@dataclass(frozen=True)
class Conversation:
    category: str  # faq, article, search, screening
    language: str  # en, zh
    steps: tuple[Step, ...]


def _conversation(category: str, language: str, *steps: str | tuple[str, ...]) -> Conversation:
    return Conversation(category, language, tuple(
        Step(s[0], tuple(s[1:])) if isinstance(s, tuple) else Step(s) for s in steps))


OUTCOME = "Outcome:"
OUTCOME_ZH = ("结论：", "结果：")  # main words the outcomes both ways

ENGLISH: tuple[Conversation, ...] = (
    _conversation("faq", "en", "hello", ("what does a legal aid centre do?", "art."),
                  ("is legal aid free", "free"), ("which article says that?", "article"),
                  ("how do i apply", "art."), ("is there a hotline", "12348"), "thanks"),
    _conversation("article", "en", ("show article 31 of the legal aid law", "article 31"),
                  ("第三十一条", "第三十一条"), ("article 25 of the legal aid law", "article 25")),
    _conversation("search", "en", ("what does the law say about wage arrears", "article"),
                  ("what does the law say about domestic violence", "article 32"),
                  ("what does the law say about state compensation", "article")),
    _conversation("screening", "en", ("I was arrested, can I get a free lawyer?", "art. 24"),
                  "yes", "no", "I'm 16", ("yes", OUTCOME)),
    _conversation("screening", "en", ("my boss hasn't paid me for 3 months, can you help me",
                                      "art. 31(5)"), "yes", "no",
                  "yes, I'm a migrant worker", ("yes", OUTCOME)),
    _conversation("screening", "en", "am I eligible for legal aid?", "criminal case",
                  "I am the victim", "no", "domestic violence", ("yes", OUTCOME)),
)

# The same conversations as a Chinese speaker types them; the replies must be Chinese (a reply
# follows its message's language: the English conversation's "第三十一条" is answered in Chinese).
CHINESE: tuple[Conversation, ...] = (
    _conversation("faq", "zh", "你好", ("法律援助中心是干什么的？", "《法律援助法》"),
                  ("法律援助收费吗", "无偿"), ("哪一条规定的？", "这个回答依据的是"),
                  ("怎么申请", "《法律援助法》"), ("有热线电话吗", "12348"), "谢谢"),
    _conversation("article", "zh", ("法律援助法第三十一条", "第三十一条"),
                  ("第31条", "第三十一条"), ("给我看下法援法第二十五条", "第二十五条")),
    _conversation("search", "zh", ("法律对拖欠工资是怎么规定的", "条"),
                  ("家庭暴力有什么法律规定", "第三十二条"),
                  ("国家赔偿法律怎么规定的", "条")),
    _conversation("screening", "zh", ("我被抓了，能免费给我请律师吗", "第二十四条"), "好的",
                  "没有", "我16岁", ("对", *OUTCOME_ZH)),
    _conversation("screening", "zh", ("老板三个月没发工资，你们能帮我吗", "第三十一条第五项"),
                  "好的", "没有", "是的，我是农民工", ("对", *OUTCOME_ZH)),
    _conversation("screening", "zh", "我能申请法律援助吗", "刑事案件", "我是被害人", "没有",
                  "家暴", ("对", *OUTCOME_ZH)),
)

# English and Chinese taking turns, so that any stretch of the load holds both.
SCRIPT: tuple[Conversation, ...] = tuple(
    conversation for pair in zip(ENGLISH, CHINESE, strict=True) for conversation in pair)

# What `--smoke` sends: one conversation of each kind in each language.
SMOKE_SCRIPT: tuple[Conversation, ...] = SCRIPT[:8]

FIRST_MESSAGE = "hello"  # start-up is measured to the first answer to this
FIRST_KB_MESSAGE = "show article 31 of the legal aid law"  # the first knowledge-base query


def message_count(script: tuple[Conversation, ...]) -> int:
    return sum(len(c.steps) for c in script)
