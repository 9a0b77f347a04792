"""Command line: `python -m bot <command>`; `python -m bot --help` lists them."""

from __future__ import annotations

import argparse
import sys

from bot.settings import apply_defaults


def main(argv: list[str] | None = None) -> int:
    apply_defaults()
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("train", help="train the model if its data changed").set_defaults(
        func=lambda args: _train(args.force))
    commands.choices["train"].add_argument("--force", action="store_true")
    commands.add_parser("run", help="action server + Rasa server in the foreground").set_defaults(
        func=lambda args: _launcher().run())  # supervised: a dead server is restarted
    serve = commands.add_parser(
        "serve", help="one server in the foreground, as `run` starts it (deploy/systemd/)")
    serve.add_argument("server", choices=["actions", "rasa", "web"])
    serve.set_defaults(func=lambda args: _launcher().serve(args.server))
    shell = commands.add_parser("shell", help="staff shell (docs/staff-shell.md)")
    shell.add_argument("--debug", action="store_true",
                       help="after each answer: intent, confidence, entities, actions, slots")
    shell.add_argument("--rasa-port", type=int, default=0, help="default: a free port")
    shell.add_argument("--action-port", type=int, default=0, help="default: a free port")
    shell.add_argument("--lang", choices=("zh", "en"), default=None,
                       help="the conversation's language until the user writes (default: English)")
    shell.set_defaults(func=lambda args: _staff_shell(args))
    commands.add_parser("validate", help="rasa data validate, strict").set_defaults(
        func=lambda args: _validate())
    evaluate = commands.add_parser("evaluate", help="NLU on the held-out and dev sets -> reports/")
    evaluate.add_argument("--cross-validation", action="store_true", help="5-fold, slow")
    evaluate.set_defaults(func=lambda args: _evaluate(args.cross_validation))
    _register_optional(commands)

    args = parser.parse_args(argv)
    return args.func(args) or 0


def _register_optional(commands: argparse._SubParsersAction) -> None:
    """Subcommands of packages that register themselves (knowledge base, privacy, ...)."""
    import importlib

    for module in ("bot.kb.cli", "bot.ops.privacy", "bot.staff.cli"):
        try:
            importlib.import_module(module).register(commands)
        except ModuleNotFoundError:
            continue


def _train(force: bool) -> int:
    from bot.ops.training import train

    train(force)
    return 0


def _staff_shell(args: argparse.Namespace) -> int:
    from bot.ops import staff_shell

    return staff_shell.main(args.debug, args.rasa_port, args.action_port, args.lang)


def _launcher():  # imported lazily: `python -m bot kb ...` should not import Rasa
    from bot.ops import launcher

    return launcher


def _evaluate(cross_validation: bool) -> int:
    from bot.ops import evaluation

    results = ({"nlu_cv": evaluation.cross_validate()} if cross_validation
               else evaluation.evaluate_sets())
    for name, result in results.items():
        print(name, {k: v for k, v in result.items() if isinstance(v, int | float)})
        for language, figures in result.get("by_language", {}).items():
            print(f"  {language}", figures)
    return 0


def _validate() -> int:
    from bot.ops.validation import validate

    return validate()


if __name__ == "__main__":
    sys.exit(main())
