"""The staff report as HTML: one page for the web server (scripts linked, under the page's
Content-Security-Policy) and one self-contained file (scripts inlined) for `python -m bot report`.

The report and the texts travel as JSON inside `<script type="application/json">`, which the
browser never executes; `<` is escaped so a redacted message cannot close the tag.
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from typing import Any

import yaml

from bot.paths import REPO_ROOT
from bot.staff.report import nlu_candidates_yaml

ASSETS = Path(__file__).with_name("assets")
TEXTS_FILE = Path(__file__).with_name("texts.yml")
# ECharts (Apache-2.0) from web/package.json; "common" holds the line and bar charts.
ECHARTS = REPO_ROOT / "web" / "node_modules" / "echarts" / "dist" / "echarts.common.min.js"
SCRIPT_URLS = ("/staff/echarts.js", "/staff/staff.js")
STYLE_URL = "/staff/staff.css"


@functools.cache
def texts() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


def asset(name: str) -> bytes:
    """staff.js, staff.css or echarts.js (from web/node_modules: `make install`)."""
    if name == "echarts.js":
        if not ECHARTS.is_file():
            raise FileNotFoundError(f"{ECHARTS} is missing: run `make install`")
        return ECHARTS.read_bytes()
    return (ASSETS / name).read_bytes()


def json_for_script(value: Any) -> str:
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def render(report: dict[str, Any], inline: bool) -> str:
    """The page; `inline` puts the stylesheet and scripts in the file itself."""
    data = {**report, "nlu_candidates_yaml": nlu_candidates_yaml(report)}
    if inline:
        style = f"<style>\n{asset('staff.css').decode()}</style>"
        scripts = "\n".join(
            "<script>\n" + asset(name).decode().replace("</script", "<\\/script") + "\n</script>"
            for name in ("echarts.js", "staff.js"))
    else:
        style = f'<link rel="stylesheet" href="{STYLE_URL}">'
        scripts = "\n".join(f'<script src="{url}"></script>' for url in SCRIPT_URLS)
    page = (ASSETS / "page.html").read_text(encoding="utf-8")
    return (page.replace("<!--STYLE-->", style)
            .replace("<!--TEXTS-->", json_for_script(texts()))
            .replace("<!--REPORT-->", json_for_script(data))
            .replace("<!--SCRIPTS-->", scripts))


def login_page(lang: str = "zh", failed: bool = False) -> str:
    """The sign-in form the server shows (with 401) to a browser without a session."""
    words = texts()["zh" if lang != "en" else "en"]
    other = "en" if lang != "en" else "zh"
    message = f'<p role="alert">{html.escape(words["login_failed"])}</p>' if failed else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{words["html_lang"]}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(words["login_title"])}</title><link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="{STYLE_URL}"></head><body>'
        f'<form class="login" method="post" action="/staff/login?lang={lang}">'
        f'<h1>{html.escape(words["login_title"])}</h1>{message}'
        f'<label for="token">{html.escape(words["login_token"])}</label>'
        f'<input id="token" name="token" type="password" autocomplete="current-password" '
        f'required autofocus>'
        f'<button type="submit">{html.escape(words["login_submit"])}</button>'
        f'<p><a href="/staff?lang={other}">{"English" if other == "en" else "中文"}</a></p>'
        f"</form></body></html>\n")
