"""The staff console on the web page's server (bot/web.py -> bot/staff/http.py) over real HTTP:
who gets in, what the answers carry, and what the access log does not."""

from __future__ import annotations

import http.client
import json
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from bench.staff_seed import write
from bot.__main__ import main
from bot.paths import REPO_ROOT
from bot.servers import web
from tests.unit.test_staff_report import CONVERSATIONS

PORT = 17091
TOKEN = "s3cret-staff-token-for-tests"


def serve(env: dict[str, str], port: int) -> tuple[object, threading.Thread]:
    httpd = web.make_server(port, env)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, thread


@pytest.fixture(scope="module")
def tracker_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('staff') / 'tracker.sqlite3'}"
    engine = sa.create_engine(url, future=True)
    write(engine, CONVERSATIONS)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(tracker_url) -> Iterator[str]:
    httpd, _ = serve({"STAFF_TOKEN": TOKEN, "TRACKER_STORE_URL": tracker_url}, PORT)
    yield f"127.0.0.1:{PORT}"
    httpd.shutdown()
    httpd.server_close()


def fetch(server: str, path: str, method: str = "GET", headers: dict | None = None,
          body: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("headers", [
    {}, bearer("wrong-token-of-the-same-size!"), bearer(TOKEN[:-1]), bearer(TOKEN + "x"),
    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN},
    {"Cookie": "staff_session=made-up"},
])
def test_without_the_token_the_answer_is_401_and_a_sign_in_form(server, headers):
    for path in ("/staff", "/staff/nlu_candidates.yml"):
        status, answer, body = fetch(server, path, headers=headers)
        assert status == 401, (path, headers)
        assert answer["WWW-Authenticate"].startswith("Bearer")
        assert answer["Cache-Control"] == "no-store"
        assert b'<form class="login" method="post"' in body
        assert b"staff-report" not in body and b"faq/" not in body


def test_with_the_token_the_report_is_served_uncached(server):
    status, headers, body = fetch(server, "/staff", headers=bearer(TOKEN))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    assert '<script src="/staff/echarts.js"></script>' in page
    assert "faq/what_is_legal_aid" in page and "我叫[姓名]" in page
    assert "13812345678" not in page and "web:a" not in page


def test_the_period_is_chosen_by_date(server):
    query = urlencode({"from": "2026-11-28", "to": "2026-11-28"})
    status, _, body = fetch(server, f"/staff?{query}", headers=bearer(TOKEN))
    assert status == 200
    assert '"days": ["2026-11-28"]' in body.decode()
    # Impossible dates fall back to the last 30 days instead of failing.
    status, _, body = fetch(server, "/staff?from=2026-13-45&to=x", headers=bearer(TOKEN))
    assert status == 200 and body.decode().count('"days": [') == 1


def test_the_export_is_a_yaml_download(server):
    query = urlencode({"from": "2026-11-25", "to": "2026-12-01"})
    status, headers, body = fetch(server, f"/staff/nlu_candidates.yml?{query}",
                                  headers=bearer(TOKEN))
    assert status == 200 and headers["Content-Type"].startswith("application/yaml")
    assert 'filename="nlu_candidates_2026-11-25_2026-12-01.yml"' in headers[
        "Content-Disposition"]
    assert "    - my landlord kept [金额]\n" in body.decode()


def test_signing_in_sets_a_secure_http_only_cookie(server):
    status, _, body = fetch(server, "/staff/login", "POST",
                            {"Content-Type": "application/x-www-form-urlencoded"},
                            urlencode({"token": "not the token"}))
    assert status == 401 and b'role="alert"' in body
    status, headers, _ = fetch(server, "/staff/login?lang=en", "POST",
                               {"Content-Type": "application/x-www-form-urlencoded"},
                               urlencode({"token": TOKEN}))
    assert status == 303 and headers["Location"] == "/staff?lang=en"
    cookie = headers["Set-Cookie"]
    for attribute in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/staff"):
        assert attribute in cookie
    session = cookie.split(";")[0]
    assert fetch(server, "/staff", headers={"Cookie": session})[0] == 200
    status, headers, _ = fetch(server, "/staff/logout", headers={"Cookie": session})
    assert status == 303 and "Max-Age=0" in headers["Set-Cookie"]


def test_the_access_log_names_the_path_never_the_token(server, caplog):
    caplog.set_level(logging.INFO, logger="bot.staff.access")
    fetch(server, "/staff", headers=bearer(TOKEN))
    fetch(server, "/staff", headers=bearer("wrong-token-of-the-same-size!"))
    fetch(server, "/staff/login", "POST", {"Content-Type": "application/x-www-form-urlencoded"},
          urlencode({"token": TOKEN}))
    lines = [record.getMessage() for record in caplog.records]
    assert any("GET /staff -> 200" in line for line in lines)
    assert any("GET /staff -> 401" in line for line in lines)
    assert all(TOKEN not in line and "wrong-token" not in line for line in lines)


def test_without_staff_token_there_is_no_staff_page(tracker_url):
    for env in ({"TRACKER_STORE_URL": tracker_url},
                {"TRACKER_STORE_URL": tracker_url, "STAFF_TOKEN": "short"}):
        httpd, _ = serve(env, PORT + 1)
        try:
            status, _, _ = fetch(f"127.0.0.1:{PORT + 1}", "/staff", headers=bearer("short"))
            assert status == 404
        finally:
            httpd.shutdown()
            httpd.server_close()


def test_the_rest_of_the_site_still_refuses_posts(server):
    assert fetch(server, "/", "POST")[0] == 405
    assert fetch(server, "/staff", "POST", headers=bearer(TOKEN))[0] == 405


# ---- in Chromium (e2e: `make e2e`) ----

SPEC = Path(__file__).with_name("staff.spec.mjs")
SCREENSHOT = REPO_ROOT / "reports" / "browser" / "staff.png"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def browser_installed() -> None:
    """As in test_widget.py: Chromium, node and playwright-core missing fail CI, skip here."""
    missing = [name for name, ok in (
        ("chromium", Path(CHROMIUM).is_file()), ("node", shutil.which("node") is not None),
        ("web/node_modules", (REPO_ROOT / "web" / "node_modules" / "playwright-core").is_dir()))
        if not ok]
    if missing:
        message = f"browser test needs {', '.join(missing)}: run `make browser-deps`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_spec(scenario: str, url: str, screenshot: Path | None = None) -> dict:
    browser_installed()
    env = {**os.environ, "STAFF_URL": url, "STAFF_TOKEN": TOKEN, "CHROMIUM": CHROMIUM}
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        env["SCREENSHOT"] = str(screenshot)
    result = subprocess.run(["node", str(SPEC), scenario], env=env, capture_output=True,
                            text=True, timeout=240, cwd=REPO_ROOT)
    assert result.returncode == 0, f"{scenario}:\n{result.stderr[-4000:]}"
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"] and summary["scenario"] == scenario
    return summary


def assert_charts_drawn(page: dict) -> None:
    for chart in page["charts"]:
        assert chart["canvas"] and chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["painted"] > 500, chart  # axes, labels and data, not a blank canvas


@pytest.mark.e2e
def test_the_page_draws_its_charts_in_both_languages(server):
    SCREENSHOT.unlink(missing_ok=True)
    query = urlencode({"from": "2026-11-25", "to": "2026-12-01"})
    summary = run_spec("report", f"http://{server}/staff?{query}", SCREENSHOT)
    zh, en = summary["zh"], summary["en"]
    assert zh["lang"] == "zh-CN" and zh["heading"] == "法律援助助手 · 工作人员统计"
    assert en["lang"] == "en" and en["heading"] == "Legal-aid assistant · staff report"
    assert_charts_drawn(zh)
    assert_charts_drawn(en)
    assert zh["conversations"] == "6"
    assert zh["rows"][0] == "2my landlord kept [金额]"
    assert summary["filename"] == "nlu_candidates_2026-11-25_2026-12-01.yml"
    assert "- intent: nlu_candidates" in summary["exported"]
    assert summary["errors"] == [] and summary["outside"] == []  # nothing from elsewhere
    assert SCREENSHOT.stat().st_size > 20_000  # a real picture, kept as a CI artifact


@pytest.mark.e2e
def test_the_sign_in_form_opens_the_report(server):
    summary = run_spec("login", f"http://{server}/staff")
    assert summary["firstStatus"] == 401
    assert summary["refused"] == "令牌不正确。"
    assert_charts_drawn(summary["report"])
    assert {"name": "staff_session", "httpOnly": True, "secure": True,
            "sameSite": "Strict"} in summary["cookie"]


@pytest.mark.e2e
def test_the_report_file_draws_its_charts_offline(tracker_url, tmp_path):
    out = tmp_path / "staff.html"
    assert main(["report", "--since", "3650d", "--out", str(out), "--url", tracker_url]) == 0
    summary = run_spec("report", out.as_uri())
    assert_charts_drawn(summary["zh"])
    assert summary["errors"] == [] and summary["outside"] == []
