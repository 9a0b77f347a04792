"""Forget a person's conversation, and purge old ones (Legal Aid Law art. 21: what people tell
a legal aid service is confidential).

Works on Rasa's SQL tracker store table (`events`) through SQLAlchemy, so operators can run it
without Rasa: `python -m bot privacy forget CONVERSATION_ID`, `python -m bot privacy purge
--older-than 30d`. Conversations are removed whole, never in part. Conversation ids name their
channel (bot/channels/conversation_ids.py): `forget telegram:123456789`; given a channel's bare
id, `forget` deletes nothing and names the conversations it may mean. A database that does not
exist (a mistyped SQLite path) is refused, not created.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bot.channels.conversation_ids import PREFIXES, SEPARATOR
from bot.settings import tracker_store_url

DEFAULT_RETENTION = "30d"  # documented in docs/deploying.md ("Privacy")
DURATION = re.compile(r"^(?P<amount>\d+)(?P<unit>[smhd])$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """"30d", "12h", "90m", "45s" -> seconds."""
    match = DURATION.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30d, 12h, 90m or 45s")
    return int(match["amount"]) * SECONDS[match["unit"]]


@dataclass(frozen=True)
class Removed:
    conversations: int
    events: int


class StoreProblem(Exception):
    """The tracker store cannot be used: the message says why (no user data in it)."""


def _engine(url: str | None) -> sa.engine.Engine:
    url = url or tracker_store_url()
    parsed = sa.engine.make_url(url)
    database = parsed.database or ""
    if (parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:")
            and not Path(database).is_file()):  # SQLite would create an empty one
        raise StoreProblem(f"the tracker store {database} does not exist: check "
                           "TRACKER_STORE_URL or --url")
    return sa.create_engine(url, future=True, hide_parameters=True)  # no user text in errors


class Ambiguous(Exception):
    """A channel's bare id was given: the conversation ids it may mean."""

    def __init__(self, candidates: list[str]) -> None:
        super().__init__(candidates)
        self.candidates = candidates


def _events(engine: sa.engine.Engine) -> sa.Table | None:
    if not sa.inspect(engine).has_table("events"):
        return None
    return sa.Table("events", sa.MetaData(), autoload_with=engine)


def forget(sender_id: str, url: str | None = None) -> Removed:
    """Delete every event of `sender_id`."""
    engine = _engine(url)
    events = _events(engine)
    if events is None:
        return Removed(0, 0)
    with engine.begin() as connection:
        deleted = connection.execute(events.delete().where(events.c.sender_id == sender_id))
        if not deleted.rowcount:
            candidates = [f"{prefix}{SEPARATOR}{sender_id}"
                          for prefix in sorted(set(PREFIXES.values()))]
            found = connection.execute(sa.select(events.c.sender_id).distinct().where(
                events.c.sender_id.in_(candidates))).scalars().all()
            if found:
                raise Ambiguous(sorted(found))
    return Removed(1 if deleted.rowcount else 0, deleted.rowcount)


def purge(older_than: str = DEFAULT_RETENTION, url: str | None = None,
          now: float | None = None) -> Removed:
    """Delete every conversation whose latest event is older than `older_than`."""
    cutoff = (now if now is not None else time.time()) - parse_duration(older_than)
    engine = _engine(url)
    events = _events(engine)
    if events is None:
        return Removed(0, 0)
    # A subquery, not a list of ids: SQLite limits the number of bound parameters.
    stale = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff)).subquery()
    with engine.begin() as connection:
        conversations = connection.execute(
            sa.select(sa.func.count()).select_from(stale)).scalar_one()
        deleted = connection.execute(
            events.delete().where(events.c.sender_id.in_(sa.select(stale.c.sender_id))))
    return Removed(conversations, deleted.rowcount)


def register(commands: argparse._SubParsersAction) -> None:
    privacy = commands.add_parser("privacy", help="forget or purge stored conversations")
    actions = privacy.add_subparsers(dest="privacy_command", required=True)
    forget_parser = actions.add_parser("forget", help="delete one person's conversation")
    forget_parser.add_argument("sender_id", metavar="conversation_id",
                               help="e.g. telegram:123456789, wechat:<OpenID>, rest:<sender>")
    forget_parser.add_argument("--url", help="tracker store URL (default: $TRACKER_STORE_URL)")
    forget_parser.set_defaults(func=lambda args: _run(forget, args.sender_id, args.url))
    purge_parser = actions.add_parser("purge", help="delete conversations older than a duration")
    purge_parser.add_argument("--older-than", default=DEFAULT_RETENTION, type=duration_argument,
                              help=f"e.g. 30d, 12h (default {DEFAULT_RETENTION})")
    purge_parser.add_argument("--url", help="tracker store URL (default: $TRACKER_STORE_URL)")
    purge_parser.set_defaults(func=lambda args: _run(purge, args.older_than, args.url))


def duration_argument(text: str) -> str:
    """argparse type for a duration (30d, 12h): a clear usage error instead of a traceback."""
    try:
        parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _run(command, *arguments: str | None) -> int:
    try:
        removed = command(*arguments)
    except StoreProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except sa.exc.OperationalError as error:  # e.g. a PostgreSQL database that does not exist
        print(f"error: cannot open the tracker store: {type(error.orig).__name__}",
              file=sys.stderr)
        return 1
    except Ambiguous as ambiguous:
        print("Removed nothing: conversation ids name their channel. This id is stored as "
              f"{', '.join(ambiguous.candidates)}; run forget with the one meant.",
              file=sys.stderr)
        return 1
    print(f"Removed {removed.conversations} conversation(s), {removed.events} event(s).")
    return 0
