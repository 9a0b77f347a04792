"""`kb` commands: build, search, show, lookup, dictionary.

Registered by bot/__main__.py via register().
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from typing import TextIO

from .db import DEFAULT_DATA_DIR, default_url
from .results import Article

_SNIPPET = 96


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `kb` command group; each leaf sets func=callable(args) -> exit code."""
    kb = subparsers.add_parser("kb", help="knowledge base of the statutes",
                               description="Build and query the statute knowledge base.")
    kb.set_defaults(func=lambda _args: _usage(kb))
    commands = kb.add_subparsers(title="commands", metavar="COMMAND")

    def with_url(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--url", default=None,
                            help="database URL (default: $KB_DATABASE_URL or var/kb.sqlite3)")
        return parser

    build = with_url(commands.add_parser("build", help="validate data/regulations and load it"))
    build.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR), help="source folder")
    build.add_argument("--force", action="store_true", help="rebuild even if unchanged")
    build.add_argument("--allow-incomplete", action="store_true",
                       help="missing English translations are warnings, not errors")
    build.set_defaults(func=cmd_build)

    search = with_url(commands.add_parser("search", help="rank articles for a question"))
    search.add_argument("query", help='e.g. "my boss won\'t pay me"')
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--explain", action="store_true", help="show the weighted query terms")
    search.set_defaults(func=cmd_search)

    show = with_url(commands.add_parser("show", help="print one article"))
    show.add_argument("law", help="law id or alias (legal_aid_law, lal, 律师法, ...)")
    show.add_argument("article", type=int)
    show.set_defaults(func=cmd_show)

    lookup = with_url(commands.add_parser("lookup", help="resolve an article reference"))
    lookup.add_argument("text", help='e.g. "art 31 LAL" or "律师法第四十二条"')
    lookup.set_defaults(func=cmd_lookup)

    dictionary = commands.add_parser(
        "dictionary", help="rewrite bot/kb/zh_dictionary.txt after the sources changed")
    dictionary.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR), help="source folder")
    dictionary.set_defaults(func=cmd_dictionary)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _kb(args: argparse.Namespace):  # -> KnowledgeBase, imported late to keep --help fast
    from .knowledge import KnowledgeBase

    return KnowledgeBase.from_url(args.url or default_url(), build_if_empty=True)


def cmd_build(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .builder import build
    from .srcyaml import SourceError

    out = out or sys.stdout
    try:
        result = build(args.url or default_url(), args.data_dir, force=args.force,
                       strict=not args.allow_incomplete, progress=lambda m: print(m, file=out))
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    state = "built" if result.built else "unchanged"
    print(f"{state}: {result.laws} laws, {result.articles} articles, {result.translated} in "
          f"English, {result.background} background documents ({result.seconds:.1f} s)", file=out)
    return 0


def cmd_dictionary(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from . import zh_dictionary

    words = zh_dictionary.write(args.data_dir)
    print(f"{zh_dictionary.DICTIONARY}: {words} words of jieba's dictionary",
          file=out or sys.stdout)
    return 0


def _first_line(text: str | None) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1] + "…"


def cmd_search(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    kb = _kb(args)
    kb.warm_up()
    started = time.perf_counter()
    hits = kb.search(args.query, limit=args.limit)
    elapsed = (time.perf_counter() - started) * 1000
    if args.explain:
        terms = kb.query_terms(args.query)
        print("terms: " + ", ".join(f"{t}={w:g}" for t, w in terms.items()), file=out)
    if not hits:
        print("no matching article", file=out)
        return 1
    for hit in hits:
        a = hit.article
        score = "reference" if hit.via == "reference" else f"{hit.score:.2f}"
        print(f"{hit.rank:>2}. {a.law_short_en} art. {a.number} ({a.label_zh})  "
              f"ch. {a.chapter_number} {a.chapter_title_en}  score {score}", file=out)
        if a.text_en:
            print(f"    EN: {_first_line(a.text_en)}", file=out)
        print(f"    ZH: {_first_line(a.text_zh)}", file=out)
    print(f"({len(hits)} hits in {elapsed:.1f} ms)", file=out)
    return 0


def format_article(article: Article, law_status_note: str = "") -> str:
    """Full text for display: the authoritative Chinese, then the English rendering."""
    head = (f"{article.law_short_en} ({article.law_title_zh}), Article {article.number} "
            f"{article.label_zh}\nChapter {article.chapter_number}: {article.chapter_title_en} "
            f"{article.chapter_title_zh}\nStatus: {article.law_status}"
            + (f" ({law_status_note})" if law_status_note else ""))
    parts = [head, "", "Chinese (authoritative):", textwrap.indent(article.text_zh, "  ")]
    if article.text_en:
        label = ("English (from seed " + article.en_source + ")"
                 if article.en_source and article.en_source != "project"
                 else "English (unofficial translation)")
        parts += ["", f"{label}:", textwrap.indent(article.text_en, "  ")]
    else:
        parts += ["", "English: no translation yet"]
    return "\n".join(parts)


def cmd_show(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    kb = _kb(args)
    law = kb.law(args.law)
    if law is None:
        print(f"error: unknown law {args.law!r}; known: "
              + ", ".join(law.id for law in kb.laws()), file=sys.stderr)
        return 1
    article = kb.get_article(law.id, args.article)
    if article is None:
        print(f"error: {law.short_en} has articles 1-{law.article_count}", file=sys.stderr)
        return 1
    print(format_article(article, law.status_note), file=out)
    return 0


def cmd_lookup(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    result = _kb(args).lookup(args.text)
    law = result.law.id if result.law else "-"
    assumed = " (law assumed)" if result.law_assumed else ""
    print(f"{result.kind}: law {law}{assumed}, requested {list(result.requested)}, "
          f"valid range {result.valid_range}, missing {list(result.missing)}", file=out)
    for article in result.articles:
        print(f"  {article.key} {article.label_zh}: {_first_line(article.text_zh)}", file=out)
    return 0 if result.kind == "found" else 1
