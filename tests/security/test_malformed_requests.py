"""Malformed requests to the REST channel get a 4xx with a short JSON error, never a 5xx, and
reach no conversation; an over-long message gets the domain's polite reply."""

from __future__ import annotations

import json

import pytest

from tests.security.conftest import RASA_PORT, WEBHOOK, Servers, domain_text, http

pytestmark = pytest.mark.e2e

TOO_LONG_SENDER = "s" * 129

MALFORMED = {
    # name: (body, content type, expected status)
    "empty body": (b"", "application/json", 400),
    "truncated JSON": (b'{"sender": "a", "message": "hi"', "application/json", 400),
    "single quotes": (b"{'sender': 'a', 'message': 'hi'}", "application/json", 400),
    "JSON null": (b"null", "application/json", 400),
    "JSON array": (b'[{"sender": "a", "message": "hi"}]', "application/json", 400),
    "JSON string": (b'"hi"', "application/json", 400),
    "NaN": (b'{"sender": "a", "message": "hi", "metadata": {"x": NaN}}', "application/json",
            400),
    "deeply nested": (b'{"sender": "a", "message": "hi", "metadata": ' + b"[" * 100_000,
                      "application/json", 400),
    "text/plain": (b'{"sender": "a", "message": "hi"}', "text/plain", 415),
    "form encoded": (b"sender=a&message=hi", "application/x-www-form-urlencoded", 415),
    "multipart": (b"--x\r\n\r\nhi\r\n--x--", "multipart/form-data; boundary=x", 415),
    "no content type": (b'{"sender": "a", "message": "hi"}', None, 415),
    "invalid UTF-8": (b'{"sender": "a", "message": "\xff\xfe\xfd"}', "application/json", 400),
    "overlong UTF-8": (b'{"sender": "a", "message": "\xc0\xaf"}', "application/json", 400),
    "UTF-16": ('{"sender": "a", "message": "hi"}'.encode("utf-16"), "application/json", 400),
    "lone surrogate": (b'{"sender": "a", "message": "\\ud800"}', "application/json", 400),
    "no sender": (b'{"message": "hi"}', "application/json", 400),
    "no message": (b'{"sender": "a"}', "application/json", 400),
    "null message": (b'{"sender": "a", "message": null}', "application/json", 400),
    "number message": (b'{"sender": "a", "message": 42}', "application/json", 400),
    "list message": (b'{"sender": "a", "message": ["hi"]}', "application/json", 400),
    "object message": (b'{"sender": "a", "message": {"text": "hi"}}', "application/json", 400),
    "number sender": (b'{"sender": 7, "message": "hi"}', "application/json", 400),
    "empty sender": (b'{"sender": "", "message": "hi"}', "application/json", 400),
    "sender of 129": (json.dumps({"sender": TOO_LONG_SENDER, "message": "hi"}).encode(),
                      "application/json", 400),
    "100 KB sender": (json.dumps({"sender": "s" * 100_000, "message": "hi"}).encode(),
                      "application/json", 400),
    "newline in sender": (b'{"sender": "a\\nb", "message": "hi"}', "application/json", 400),
    "NUL in sender": (b'{"sender": "a\\u0000b", "message": "hi"}', "application/json", 400),
    "metadata list": (b'{"sender": "a", "message": "hi", "metadata": [1]}', "application/json",
                      400),
    "2 MB body": (b'{"sender": "a", "message": "' + b"x" * 2_000_000 + b'"}',
                  "application/json", 413),
    "metadata of 21 keys": (json.dumps({"sender": "a", "message": "hi", "metadata": {
        f"k{i}": i for i in range(21)}}).encode(), "application/json", 400),
    "metadata of 5 KB": (json.dumps({"sender": "a", "message": "hi", "metadata": {
        "x": "y" * 5000}}).encode(), "application/json", 400),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_request_gets_4xx_with_json_error(servers: Servers, name: str) -> None:
    body, content_type, status = MALFORMED[name]
    reply = servers.post(body, content_type)
    assert reply.status == status, reply.body[:200]
    error = reply.json()["error"]
    assert isinstance(error, str) and 0 < len(error) < 100


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_refused(method: str, servers: Servers) -> None:
    assert http(RASA_PORT, method, WEBHOOK).status == 405


def test_sender_of_128_printable_characters_is_accepted(servers: Servers) -> None:
    reply = servers.say("hello", sender="ü" * 128)
    assert reply.status == 200
    assert reply.json()[0]["recipient_id"] == "ü" * 128


def test_too_long_message_gets_the_domain_reply_and_is_not_stored(servers: Servers) -> None:
    sender = "too-long-message"
    reply = servers.say("x" * 2001, sender=sender)
    assert reply.status == 200
    expected = domain_text("utter_message_too_long").replace("{max_chars}", "2000")
    assert reply.texts() == [expected], "a model older than domain.yml? run `make train`"
    tracker = servers.say("hello", sender=sender)  # the conversation starts only now
    assert tracker.status == 200 and expected not in tracker.texts()
    assert "x" * 2001 not in stored_texts(servers, sender)


def test_only_the_metadata_the_assistant_reads_is_stored(servers: Servers) -> None:
    sender = "metadata-kept"
    metadata = {"language": "zh", "tracking": "z" * 3000, "user": {"phone": "13800138000"}}
    body = json.dumps({"sender": sender, "message": "hello", "metadata": metadata}).encode()
    assert servers.post(body).status == 200
    stored = stored_texts(servers, sender)
    assert '"metadata": {"language": "zh"}' in stored
    assert "z" * 3000 not in stored and "13800138000" not in stored


def test_message_at_the_limit_is_processed(servers: Servers) -> None:
    reply = servers.say("what does a legal aid center do? " + "x" * (2000 - 33))
    assert reply.status == 200
    assert reply.texts() and domain_text("utter_message_too_long")[:20] not in reply.texts()[0]


def test_streaming_mode_is_guarded_too(servers: Servers) -> None:
    body = json.dumps({"sender": "streaming", "message": "y" * 5000}).encode()
    reply = http(RASA_PORT, "POST", WEBHOOK + "?stream=true", body,
                 {"Content-Type": "application/json"})
    assert reply.status == 200
    messages = [json.loads(line) for line in reply.body.decode().splitlines() if line]
    assert [m["text"] for m in messages] == [
        domain_text("utter_message_too_long").replace("{max_chars}", "2000")]


def stored_texts(servers: Servers, sender: str) -> str:
    """Everything the tracker store holds for `sender`, as one string."""
    import sqlalchemy as sa

    engine = sa.create_engine(servers.env["TRACKER_STORE_URL"], future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("select data from events where sender_id = :s"),
                                      {"s": f"rest:{sender}"}).all()
    finally:
        engine.dispose()
    assert rows, "the tracker store holds nothing for the sender: wrong table?"
    return "\n".join(row[0] for row in rows)
