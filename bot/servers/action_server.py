"""`python -m bot.servers.action_server --actions actions --port N`: the action server
(rasa_sdk), as `rasa run actions` starts it, but without importing Rasa or TensorFlow
(bot/ops/launcher.py uses it).

Nothing in actions/ needs TensorFlow, but spaCy's thinc imports it whenever it is installed:
on this machine that cost the action server about 370 MB of RSS (600 -> 230 MB) and 4 s of
start-up (`make bench`, docs/benchmarks.md).
"""

from __future__ import annotations

import runpy
import sys


def main() -> None:
    from bot import log_redaction

    log_redaction.install()  # no personal data in any log line
    sys.modules.setdefault("tensorflow", None)  # `import tensorflow` now raises ImportError
    runpy.run_module("rasa_sdk", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
