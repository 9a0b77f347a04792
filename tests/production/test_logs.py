"""Personal data never reaches the logs: a complete screening full of it (an ID number, a phone
number, an income, a criminal charge) through the real servers at their default log level (INFO),
then every line the servers wrote meanwhile is searched for it."""

from __future__ import annotations

import uuid
from functools import partial

import pytest

from tests.production.dialogue import assessment_in, question_in, say, summary_in
from tests.production.servers import Deployment
from tests.security.conftest import domain_text

pytestmark = pytest.mark.e2e

ID_NUMBER, PHONE, INCOME, CHARGE = "11010519491231002X", "13800138000", "3850", "诈骗罪"
PERSONAL = (ID_NUMBER, PHONE, INCOME, CHARGE, "fraud", "Zhang Wei")
# Said while a question is pending; the question must come back afterwards.
ASIDES = {
    "case_type": [f"my phone number is {PHONE}"],
    "role": [f"my ID card number is {ID_NUMBER}", "my name is Zhang Wei"],
    "defendant_grounds": [ID_NUMBER],  # not an age nor a ground: the form asks again
}
# Over the channel's length limit (MAX_MESSAGE_CHARS, default 2000): refused, logged as refused.
TOO_LONG = f"my phone is {PHONE} and my ID is {ID_NUMBER}. " * 60
ANSWERS = {
    # The charge with the role: said with the case type, "charged" would answer the role too.
    "case_type": "criminal", "role": f"I am the suspect, charged with fraud ({CHARGE})",
    "has_lawyer": "no",
    "defendant_grounds": f"none of these, and our family earns {INCOME} yuan a month",
    "facts_confirmed": "yes",
}


def test_a_screening_full_of_personal_data_leaves_none_in_the_logs(deployment: Deployment):
    servers = [deployment.actions, deployment.sqlite]
    offsets = [server.log_size() for server in servers]
    send = partial(say, int(deployment.sqlite.env["RASA_PORT"]), f"logs-{uuid.uuid4()}")
    asides = {fact: list(messages) for fact, messages in ASIDES.items()}
    texts, summary, sent = send("check if I qualify"), None, 1
    send(TOO_LONG)  # not processed: the question stays pending
    sent += 1
    while not assessment_in(texts):
        fact = question_in(texts)
        assert fact in ANSWERS, f"unexpected turn: {texts}"
        for aside in asides.pop(fact, []):
            texts = send(aside)
            sent += 1
            assert question_in(texts) == fact, (aside, texts)
        summary = summary_in(texts) or summary
        texts = send(ANSWERS[fact])
        sent += 1
        assert sent < 40, "the screening does not end"
    # The personal data did go through: the income is in the summary the user confirmed.
    assert f"{INCOME} yuan" in summary, summary
    assert not asides, f"questions never asked: {list(asides)}"

    for server, offset in zip(servers, offsets, strict=True):
        assert " INFO " in server.log_text(), f"{server.name}'s log was not captured"
        written = server.log_text(offset)
        leaked = [value for value in PERSONAL if value in written]
        assert not leaked, f"{server.name} logged {leaked}:\n{written[-3000:]}"
    scanned = sum(server.log_size() - offset
                  for server, offset in zip(servers, offsets, strict=True))
    print(f"\n{sent} messages; scanned {scanned} bytes of server logs")


# Typed as they are: Rasa reads "/..." as an intent when it names one, and logged the whole
# line as a warning when it could not ("Failed to parse arguments in line '/my ID is ...'").
SLASH_ID = f"/my ID is {ID_NUMBER} and my phone {PHONE}"
INVALID_PAYLOADS = ["/faq", '/ask_article{"law":["a"],"article":{"b":1}}',
                    f'/ask_article{{"law": "{ID_NUMBER}", "article": [{PHONE}]}}']


def test_slash_messages_leave_no_personal_data_and_no_error_in_the_logs(
        deployment: Deployment):
    servers = [deployment.actions, deployment.sqlite]
    offsets = [server.log_size() for server in servers]
    send = partial(say, int(deployment.sqlite.env["RASA_PORT"]), f"slash-{uuid.uuid4()}")
    type_your_question = domain_text("utter_type_your_question")
    unavailable = domain_text("utter_service_unavailable")

    texts = send(SLASH_ID)
    assert texts and unavailable not in texts, texts
    for payload in INVALID_PAYLOADS:
        assert send(payload) == [type_your_question], payload
    assert unavailable not in send("is legal aid free?")  # the conversation goes on

    for server, offset in zip(servers, offsets, strict=True):
        written = server.log_text(offset)
        leaked = [value for value in (ID_NUMBER, PHONE) if value in written]
        assert not leaked, f"{server.name} logged {leaked}:\n{written[-3000:]}"
        assert " ERROR " not in written and "Traceback" not in written, written[-3000:]
    assert "Failed to parse arguments" in deployment.sqlite.log_text(offsets[1]), (
        "Rasa no longer logs the line: this test no longer tests the redaction")
