"""Keeps a set of servers running: one that dies is logged and started again after a back-off,
while the others keep serving (`python -m bot run`).

The back-off is 1 s after a death, doubling with each death that follows a start by less than
STABLE_S, up to 60 s: a server that crashes at once is not restarted in a tight loop, and one
that ran for a while comes back after a second. A server that dies before the assistant was
first ready is a start-up failure (a port taken, no model): that is raised, not retried.
Rasa needs no restart of its own when the action server dies: it answers "can't answer right
now" (bot/channels/guard.py) and reaches the action server again once it is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.servers.lifecycle import ServerProcess

logger = logging.getLogger(__name__)

STABLE_S = 60.0


@dataclass(frozen=True)
class Backoff:
    first_s: float = 1.0
    factor: float = 2.0
    longest_s: float = 60.0

    def delay(self, deaths_in_a_row: int) -> float:
        return min(self.longest_s, self.first_s * self.factor ** max(0, deaths_in_a_row - 1))


@dataclass
class Supervised:
    server: ServerProcess
    on_ready: Callable[[], object] | None = None
    started_at: float = 0.0
    deaths_in_a_row: int = 0
    restart_at: float | None = None  # set while it waits out its back-off
    serving: bool = False


def how_it_ended(code: int | None) -> str:
    return f"was killed by signal {-code}" if code is not None and code < 0 else \
        f"exited with code {code}"


class Supervisor:
    """`start`, `wait_until_ready`, then `watch` until interrupted; `stop` stops them all."""

    def __init__(self, servers: Sequence[ServerProcess],
                 on_ready: dict[str, Callable[[], object]] | None = None,
                 backoff: Backoff = Backoff(), stable_s: float = STABLE_S,
                 poll_s: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        hooks = on_ready or {}
        self.entries = [Supervised(server, hooks.get(server.name)) for server in servers]
        self.backoff, self.stable_s, self.poll_s, self.clock = backoff, stable_s, poll_s, clock

    def start(self) -> None:
        """All at once: the Rasa server spends its start-up loading the model."""
        for entry in self.entries:
            entry.server.start()
            entry.started_at = self.clock()

    def wait_until_ready(self) -> None:
        for entry in self.entries:
            entry.server.wait_until_ready()
            self._now_serving(entry, in_background=False)

    def watch(self, until: Callable[[], bool] = lambda: False) -> None:
        while not until():
            self.check()
            time.sleep(self.poll_s)

    def check(self) -> None:
        """One look at every server: note a death, restart one whose back-off is over, and
        announce one that serves again."""
        now = self.clock()
        for entry in self.entries:
            server = entry.server
            if entry.restart_at is None and not server.running():
                self._died(entry, now)
            elif entry.restart_at is not None and now >= entry.restart_at:
                self._restart(entry, now)
            elif entry.restart_at is None and not entry.serving and server.is_ready():
                self._now_serving(entry, in_background=True)

    def _died(self, entry: Supervised, now: float) -> None:
        server = entry.server
        code = server.exit_code()
        server.stop()  # whatever it started and left behind
        ran_for = now - entry.started_at
        entry.deaths_in_a_row = entry.deaths_in_a_row + 1 if ran_for < self.stable_s else 1
        delay = self.backoff.delay(entry.deaths_in_a_row)
        entry.restart_at, entry.serving = now + delay, False
        logger.error("The %s (pid %s) %s after %.0f s; starting it again in %.0f s",
                     server.name, server.pid, how_it_ended(code), ran_for, delay)

    def _restart(self, entry: Supervised, now: float) -> None:
        entry.restart_at, entry.started_at = None, now
        try:
            entry.server.start()
        except (RuntimeError, OSError) as error:
            entry.deaths_in_a_row += 1
            entry.restart_at = now + self.backoff.delay(entry.deaths_in_a_row)
            logger.error("Could not start the %s again (%s); trying again in %.0f s",
                         entry.server.name, error, entry.restart_at - now)
            return
        logger.warning("Started the %s again (pid %s)", entry.server.name, entry.server.pid)

    def _now_serving(self, entry: Supervised, in_background: bool) -> None:
        entry.serving = True
        if in_background:
            logger.warning("The %s (pid %s) is serving again", entry.server.name,
                           entry.server.pid)
        if entry.on_ready is None:
            return
        if in_background:  # the others stay watched meanwhile
            threading.Thread(target=entry.on_ready, daemon=True).start()
        else:
            entry.on_ready()

    def stop(self, grace: float | None = None) -> None:
        """The last started first."""
        for entry in reversed(self.entries):
            entry.server.stop(grace)
