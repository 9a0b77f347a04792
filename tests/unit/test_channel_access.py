"""Who may use the REST webhook (REST_TOKEN, PRODUCTION) and the web widget's session ids
(signed by the server). The end-to-end takeover tests are tests/security/
test_conversation_isolation.py."""

from __future__ import annotations

import pytest
from rasa.shared.exceptions import RasaException

from bot.channels.guard import needed_metadata
from bot.channels.rest import RestAccess
from bot.channels.web_sessions import SessionIds

SECRET = "s" * 32


def test_rest_is_open_in_development_and_needs_the_token_when_set():
    assert RestAccess({}).refusal("") is None
    guarded = RestAccess({"REST_TOKEN": "t0ken-of-the-backend"})
    assert guarded.refusal("Bearer t0ken-of-the-backend") is None
    for wrong in ("", "Bearer ", "Bearer t0ken", "t0ken-of-the-backend", "Bearer \u00e9"):
        assert guarded.refusal(wrong).status == 401, wrong


def test_rest_is_off_in_production_without_a_token():
    assert RestAccess({"PRODUCTION": "true"}).refusal("Bearer anything").status == 403
    with_token = RestAccess({"PRODUCTION": "true", "REST_TOKEN": "t0ken-of-the-backend"})
    assert with_token.refusal("Bearer t0ken-of-the-backend") is None


def test_session_ids_are_signed_and_only_signed_ones_are_kept():
    sessions = SessionIds(SECRET)
    issued = sessions.issue()
    assert sessions.confirm(issued) == issued  # the same tab after a reload
    for named in (None, "", "123456789", issued.split(".")[0], issued + "0",
                  issued.split(".")[0] + "." + "0" * 32, SessionIds("t" * 32).issue(), 7):
        assert sessions.confirm(named) != named
    assert len({sessions.issue() for _ in range(100)}) == 100


def test_production_requires_a_session_secret():
    with pytest.raises(RasaException, match="WEB_SESSION_SECRET"):
        SessionIds.from_settings({"PRODUCTION": "true"})
    with pytest.raises(RasaException, match="at least 32"):
        SessionIds.from_settings({"WEB_SESSION_SECRET": "short"})
    fixed = SessionIds.from_settings({"PRODUCTION": "true", "WEB_SESSION_SECRET": SECRET})
    assert SessionIds(SECRET).is_valid(fixed.issue())  # the same on every instance
    one, other = SessionIds.from_settings({}), SessionIds.from_settings({})
    assert not other.is_valid(one.issue())  # development: a secret per process


def test_metadata_keeps_only_what_the_assistant_reads():
    assert needed_metadata({"language": "zh", "x": 1}) == {"language": "zh"}
    assert needed_metadata({"language": "z" * 17}) == {}
    assert needed_metadata({"language": ["zh"]}) == {} and needed_metadata("zh") == {}
    assert needed_metadata(None) == {}
