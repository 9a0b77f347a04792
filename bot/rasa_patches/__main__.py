"""`python -m bot.rasa_patches ARGS` is `python -m rasa ARGS` with the project's patches installed
first: the training ones for `train`, the serving ones for anything else (`run`, `test`)."""

from __future__ import annotations

import sys

from bot.rasa_patches import install


def main() -> None:
    from bot import log_redaction

    log_redaction.install()  # no personal data in any log line (not a patch: any Rasa version)
    install(training=sys.argv[1:2] == ["train"])
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
