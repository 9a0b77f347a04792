"""bot/web.py, the page's static server, over real HTTP: what it serves and what it refuses."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator

import pytest

from bot.servers import web

PORT = 17090
ENV = {"RASA_PORT": "17005", "WEB_SOCKET_URL": "https://chat.example.org"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = web.make_server(PORT, ENV)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{PORT}"
    httpd.shutdown()
    httpd.server_close()


def fetch(server: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server, timeout=10)
    connection.request(method, path)  # sent as is: no client-side path normalisation
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def test_the_page_says_what_it_is_with_a_strict_policy(server):
    status, headers, body = fetch(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "Guidance, not legal advice" in page and "12348" in page
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "connect-src 'self' https://chat.example.org wss://chat.example.org" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_config_points_the_widget_at_the_configured_rasa(server):
    status, _, body = fetch(server, "/config.js")
    assert status == 200
    assert body.decode() == 'window.LEGAL_AID_CONFIG = {"socketUrl": "https://chat.example.org"};\n'
    assert web.socket_url({"RASA_PORT": "5123"}) == "http://localhost:5123"


@pytest.mark.skipif(not web.WIDGET_BUNDLE.is_file(), reason="web/node_modules: run make install")
def test_the_widget_bundle_is_served_from_the_project(server):
    status, headers, body = fetch(server, "/vendor/rasa-webchat.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert body == web.WIDGET_BUNDLE.read_bytes()


@pytest.mark.parametrize("path", [
    "/../README.md", "/%2e%2e/Makefile", "/..%2fcredentials.yml", "/node_modules/rasa-webchat/"
    "package.json", "/.gitignore", "/package.json", "/nothing.html", "/%00index.html",
    "/..\\README.md",
])
def test_refuses_what_is_not_the_page(server, path):
    status, _, body = fetch(server, path)
    assert status == 404 and body == b"not found\n"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_only_reads(server, method):
    status, headers, _ = fetch(server, "/", method)
    assert status == 405 and headers["Allow"] == "GET, HEAD"
