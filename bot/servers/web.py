"""A tiny static file server for the web page in web/ (the rasa-webchat widget).

Only GET and HEAD; files under web/ with a known type, never node_modules or dotfiles; no
directory listings; paths that leave web/ are refused. Two generated routes: /config.js (where
the widget finds the Rasa server) and /vendor/rasa-webchat.js (the widget's bundle from npm).

Run it alone with `python -m bot.servers.web --port 8080`; `python -m bot run` starts it with the
bots.
"""

from __future__ import annotations

import argparse
import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.paths import REPO_ROOT
from bot.settings import setting

WEB_ROOT = REPO_ROOT / "web"
WIDGET_BUNDLE = WEB_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
    ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
}


def socket_url(env: dict[str, str]) -> str:
    """The Rasa server the widget talks to: WEB_SOCKET_URL, else localhost on RASA_PORT."""
    return env.get("WEB_SOCKET_URL") or f"http://localhost:{setting('RASA_PORT', env)}"


def config_js(env: dict[str, str]) -> bytes:
    config = {"socketUrl": socket_url(env)}
    return f"window.LEGAL_AID_CONFIG = {json.dumps(config)};\n".encode()


def content_security_policy(env: dict[str, str]) -> str:
    """Scripts only from here; the socket only to Rasa; no third-party fonts or frames."""
    rasa = socket_url(env).rstrip("/")
    websocket = "ws" + rasa[4:] if rasa.startswith("http") else rasa
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; connect-src 'self' {rasa} {websocket}; "
            "font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def resolve(url_path: str, root: Path = WEB_ROOT) -> Path | None:
    """The file a URL path names under `root`, or None (outside, hidden, a folder, unknown)."""
    path = unquote(urlsplit(url_path).path)
    if "\x00" in path or "\\" in path:
        return None
    if path.endswith("/"):
        path += "index.html"
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") or part == "node_modules" for part in parts):
        return None
    root = root.resolve()
    candidate = root.joinpath(*parts).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate if candidate.suffix in TYPES else None


class Handler(BaseHTTPRequestHandler):
    server_version = "legal-aid-web"
    sys_version = ""
    env: dict[str, str] = {}
    root: Path = WEB_ROOT

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _not_allowed(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", "text/plain",
                   extra={"Allow": "GET, HEAD"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def do_POST(self) -> None:
        if not self._staff("POST", with_body=True):
            self._not_allowed()

    def _staff(self, method: str, with_body: bool) -> bool:
        """/staff and /staff/...: the staff console (bot/staff/http.py), if it answered."""
        route = urlsplit(self.path).path
        if route != "/staff" and not route.startswith("/staff/"):
            return False
        from bot.staff.http import handle

        handle(self, method, with_body)
        return True

    def _serve(self, with_body: bool) -> None:
        if self._staff(self.command, with_body):
            return
        route = urlsplit(self.path).path
        if route == "/config.js":
            body, kind = config_js(self.env), TYPES[".js"]
        elif route == "/vendor/rasa-webchat.js" and WIDGET_BUNDLE.is_file():
            body, kind = WIDGET_BUNDLE.read_bytes(), TYPES[".js"]
        elif (path := resolve(self.path, self.root)) is not None:
            body, kind = path.read_bytes(), TYPES[path.suffix]
        else:
            body, kind = b"not found\n", "text/plain"
            self._send(HTTPStatus.NOT_FOUND, body, kind, with_body=with_body)
            return
        self._send(HTTPStatus.OK, body, kind, with_body=with_body)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, with_body: bool = True,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": kind, "Content-Length": str(len(body)),
                   "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
                   "Referrer-Policy": "no-referrer",
                   "Content-Security-Policy": content_security_policy(self.env), **(extra or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log: URLs carry nothing useful, and the page's users stay unlogged


def make_server(port: int, env: dict[str, str], host: str = "127.0.0.1",
                root: Path = WEB_ROOT) -> ThreadingHTTPServer:
    handler = type("ConfiguredHandler", (Handler,), {"env": dict(env), "root": root})
    return ThreadingHTTPServer((host, port), handler)


def main(argv: list[str] | None = None) -> int:
    from bot.settings import environment

    env = environment()
    parser = argparse.ArgumentParser(prog="python -m bot.servers.web", description=__doc__)
    parser.add_argument("--port", type=int, default=int(setting("WEB_PORT", env)))
    parser.add_argument("--host", default=setting("WEB_HOST", env))
    args = parser.parse_args(argv)
    if not WIDGET_BUNDLE.is_file():
        print(f"warning: {WIDGET_BUNDLE} is missing: run `make install` (npm ci --prefix web)")
    server = make_server(args.port, env, args.host)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
