"""What the launcher tests read of processes: whether one is still alive, and the servers the
launcher says it started."""

from __future__ import annotations

import os
import re
from pathlib import Path

# `python -m bot run` logs "Started the Rasa server (pid 123)" and "... again (pid 124)".
STARTED = re.compile(r"Started the (?P<name>.+?) (?:again )?\(pid (?P<pid>\d+)\)")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child the launcher has not reaped yet is a zombie: it holds no port.
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
