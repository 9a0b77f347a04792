"""The fixed mixed script both bots receive: FAQ questions, article lookups, topic searches and
complete eligibility screenings (answers taken from tests/e2e/test_screening.py, in the order the
form asks them).

Each step may name a text the assistant's reply must contain; the stock bot gets the same
messages, but its replies are not checked (it knows none of these topics).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    text: str
    expect: str | None = None  # a substring of the joined reply (our assistant only)


@dataclass(frozen=True)
class Conversation:
    category: str  # faq, article, search, screening
    steps: tuple[Step, ...]


def _conversation(category: str, *steps: str | tuple[str, str]) -> Conversation:
    return Conversation(category, tuple(Step(*s) if isinstance(s, tuple) else Step(s)
                                        for s in steps))


OUTCOME = "Outcome:"

SCRIPT: tuple[Conversation, ...] = (
    _conversation("faq", "hello", ("what does a legal aid centre do?", "art."),
                  ("is legal aid free", "free"), ("which article says that?", "article"),
                  ("how do i apply", "art."), ("is there a hotline", "12348"), "thanks"),
    _conversation("article", ("show article 31 of the legal aid law", "article 31"),
                  ("第三十一条", "article 31"), ("article 25 of the legal aid law", "article 25")),
    _conversation("search", ("what does the law say about wage arrears", "article"),
                  ("what does the law say about domestic violence", "article 32"),
                  ("what does the law say about state compensation", "article")),
    _conversation("screening", "I was arrested, can I get a free lawyer?", "no", "I'm 16",
                  ("yes", OUTCOME)),
    _conversation("screening", ("my boss hasn't paid me for 3 months, can you help me",
                                "art. 31(5)"), "yes", "no",
                  "yes, I'm a migrant worker", ("yes", OUTCOME)),
    _conversation("screening", "am I eligible for legal aid?", "criminal case",
                  "I am the victim", "no", "domestic violence", ("yes", OUTCOME)),
)

# What `--smoke` sends: one conversation of each kind.
SMOKE_SCRIPT: tuple[Conversation, ...] = SCRIPT[:4]

FIRST_MESSAGE = "hello"  # start-up is measured to the first answer to this
FIRST_KB_MESSAGE = "show article 31 of the legal aid law"  # the first knowledge-base query


def message_count(script: tuple[Conversation, ...]) -> int:
    return sum(len(c.steps) for c in script)
