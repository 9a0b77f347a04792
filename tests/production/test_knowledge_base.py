"""The knowledge base on PostgreSQL: built by `python -m bot kb build --url` (conftest.py), read
by the action server through KB_DATABASE_URL, quoted to the user word for word."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.production.dialogue import say
from tests.production.servers import Deployment

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_article_lookup_answers_from_the_postgresql_knowledge_base(
        postgres_deployment: Deployment):
    url = postgres_deployment.postgres_url
    assert postgres_deployment.actions.env["KB_DATABASE_URL"] == url
    engine = sa.create_engine(url, future=True)
    with engine.connect() as connection:
        text_zh, text_en = connection.execute(sa.text(
            "select text_zh, text_en from kb_articles where law_id = 'legal_aid_law' "
            "and number = 31")).one()
        articles = connection.execute(sa.text("select count(*) from kb_articles")).scalar_one()
    engine.dispose()
    assert articles > 100  # every statute, not a stub

    port = int(postgres_deployment.postgres[1].env["RASA_PORT"])
    reply = "\n".join(say(port, f"kb-{uuid.uuid4()}", "show me article 31 of the legal aid law"))
    assert text_zh in reply and text_en in reply, reply[:500]
