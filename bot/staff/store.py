"""The tracker store as the staff report reads it: the `events` table, the report's indexes, the
period, and the few expressions SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

# Indexes the report reads through, so that most figures come from an index without reading
# the events' JSON (Rasa creates only the one on sender_id); created by
# `python -m bot report --create-indexes` or else by the first report.
INDEXES = (("ix_events_staff_type_time", ("type_name", "timestamp", "intent_name", "sender_id")),
           ("ix_events_staff_type_action", ("type_name", "action_name", "timestamp",
                                            "sender_id")),
           ("ix_events_staff_sender_slot", ("sender_id", "type_name", "action_name")))


@dataclass(frozen=True)
class Period:
    start: float  # UNIX seconds, inclusive
    end: float  # exclusive
    utc_offset_hours: float = 8.0  # days are counted in this time zone (China: UTC+8)


def events_table(connection: Connection) -> sa.Table | None:
    if not sa.inspect(connection).has_table("events"):
        return None
    return sa.Table("events", sa.MetaData(), autoload_with=connection)


def ensure_indexes(connection: Connection, events: sa.Table) -> list[str]:
    """Creates the missing INDEXES; their names."""
    existing = {index["name"] for index in sa.inspect(connection).get_indexes("events")}
    missing = [(name, columns) for name, columns in INDEXES if name not in existing]
    for name, columns in missing:
        sa.Index(name, *(events.c[column] for column in columns)).create(connection)
    if missing:  # the query planners choose between the indexes by their statistics
        connection.execute(sa.text("ANALYZE events"))
    return [name for name, _ in missing]


class Expressions:
    """The few expressions SQLite and PostgreSQL spell differently."""

    def __init__(self, events: sa.Table, dialect: str, period: Period) -> None:
        self.events, self.postgres = events, dialect == "postgresql"
        self.period = period

    def json_text(self, *path: str, table: sa.Table | None = None) -> sa.ColumnElement:
        data = (self.events if table is None else table).c.data
        if self.postgres:
            return sa.func.json_extract_path_text(sa.cast(data, sa.JSON), *path)
        return sa.func.json_extract(data, "$." + ".".join(path))

    def day(self, timestamp: sa.ColumnElement) -> sa.ColumnElement:
        """Days since 1970-01-01 in the period's time zone."""
        local = (timestamp + self.period.utc_offset_hours * 3600) / 86400
        if self.postgres:
            return sa.cast(sa.func.floor(local), sa.Integer)
        return sa.cast(local, sa.Integer)  # timestamps are positive: truncation is floor

    def chinese(self, table: sa.Table) -> sa.ColumnElement:
        """The message has Chinese characters. Rasa writes `data` with json.dumps, which escapes
        them (\\u4e00-\\u9fff); unescaped ones are matched too."""
        data = table.c.data
        if self.postgres:
            return data.op("~")(r"\\u[4-9][0-9a-fA-F]{3}|[\u4e00-\u9fff]")
        return sa.or_(data.op("GLOB")(r"*\u[4-9]*"), data.op("GLOB")("*[\u4e00-\u9fff]*"))

    def channel(self, sender: sa.ColumnElement, events: sa.Table) -> sa.ColumnElement:
        """"telegram:123" -> "telegram"; without a prefix, the input_channel of the sender's
        first message (of the `events` alias given), else "unknown"."""
        position = (sa.func.strpos(sender, ":") if self.postgres
                    else sa.func.instr(sender, ":"))
        first = (sa.select(self.json_text("input_channel", table=events))
                 .where(events.c.sender_id == sender, events.c.type_name == "user")
                 .order_by(events.c.id).limit(1).scalar_subquery())
        return sa.case(
            (position.between(2, 17), sa.func.substr(sender, 1, position - 1)),
            else_=sa.func.coalesce(first, "unknown"))

    def computed_once(self, cte: sa.CTE) -> sa.CTE:
        """SQLite: MATERIALIZED, so that the CTE's subqueries run once per row, not once for
        every place the outer query names their columns. PostgreSQL works a row's expressions
        out once anyway, and was faster with the CTEs inlined (no temporary rows to write)."""
        return cte if self.postgres else cte.prefix_with("MATERIALIZED")

    def in_period(self, table: sa.Table | None = None) -> sa.ColumnElement:
        timestamp = (self.events if table is None else table).c.timestamp
        return sa.and_(timestamp >= self.period.start, timestamp < self.period.end)
