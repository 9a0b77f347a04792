"""`python -m bot.kb COMMAND ...`: the kb commands without the bot's main CLI."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.settings import apply_defaults

from .cli import register


def main(argv: list[str] | None = None) -> int:
    apply_defaults()  # TF_CPP_MIN_LOG_LEVEL among them: spaCy's thinc imports TensorFlow
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="python -m bot.kb")
    register(parser.add_subparsers())
    args = parser.parse_args(["kb", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
