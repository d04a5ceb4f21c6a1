"""A real HTTP(S) server on 127.0.0.1 for tests: scripted replies and raw handlers.

Pure standard library, one thread per connection. A route maps a path to a
sequence of steps; each request takes the next step and the last one repeats.
A step is either a :class:`Reply` or a function that writes the response
itself (for stalls, drips and broken connections)::

    with LocalServer() as server:
        server.route("/", Reply(body=b"<p>hi</p>"))
        server.route("/flaky", Reply(503), Reply(503), Reply(200, body=b"<p>ok</p>"))
        server.route("/stall", never_respond)
        fetch(server.url("/flaky"))
        assert server.count("/flaky") == 3

Unknown paths get a 404. Every request is recorded in ``server.received``.
"""

from __future__ import annotations

import socket
import ssl
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

HTML_UTF8 = "text/html; charset=utf-8"
POLL_SECONDS = 0.02
"""How often the serving thread looks for a shutdown request (keeps teardown fast)."""
STALL_SECONDS = 30.0
"""How long a stalling handler waits at most (it stops early when the server stops)."""


@dataclass(frozen=True)
class Reply:
    """One canned response."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = HTML_UTF8
    """``None`` sends no Content-Type header at all."""
    content_length: bool = True
    """``False`` sends no Content-Length: the body ends when the connection closes."""


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers=(("Location", location),), content_type=None)


@dataclass(frozen=True)
class Received:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    @property
    def stopping(self) -> threading.Event:
        """Set when the server shuts down: long-running handlers should return."""
        return self.server.owner.stopping

    def do_GET(self) -> None:  # noqa: N802 -- the name http.server looks up
        step = self.server.owner.next_step(self)
        if isinstance(step, Reply):
            self.send_reply(step)
        else:
            step(self)

    def send_reply(self, reply: Reply) -> None:
        self.send_head(reply.status, reply.headers, reply.content_type)
        if reply.content_length:
            self.send_header("Content-Length", str(len(reply.body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(reply.body)

    def send_head(
        self,
        status: int,
        headers: tuple[tuple[str, str], ...] = (),
        content_type: str | None = HTML_UTF8,
    ) -> None:
        """Status line and headers, but not the blank line that ends them."""
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep test output quiet."""


Step = Reply | Callable[[RequestHandler], None]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: LocalServer, address: str) -> None:
        self.address_family = socket.AF_INET6 if ":" in address else socket.AF_INET
        super().__init__((address, 0), RequestHandler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up on purpose (timeouts, caps) are expected here."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded server on an ephemeral port of ``address`` (127.0.0.1 unless given,
    e.g. 127.0.0.2 or ::1), HTTPS if given a context."""

    def __init__(self, tls: ssl.SSLContext | None = None, address: str = "127.0.0.1") -> None:
        self.stopping = threading.Event()
        self.received: list[Received] = []
        self._routes: dict[str, list[Step]] = {}
        self._lock = threading.Lock()
        self._host = f"[{address}]" if ":" in address else address
        self._httpd = _HTTPServer(self, address)
        self._scheme = "http" if tls is None else "https"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"{self._scheme}://{self._host}:{self.port}{path}"

    def route(self, path: str, *steps: Step) -> None:
        """Answer requests for ``path`` with ``steps`` in turn, repeating the last."""
        with self._lock:
            self._routes[path] = list(steps)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for request in self.received if request.path == path)

    def next_step(self, handler: RequestHandler) -> Step:
        path = urlsplit(handler.path).path
        headers = {name.lower(): value for name, value in handler.headers.items()}
        with self._lock:
            self.received.append(Received(handler.command, path, headers))
            steps = self._routes.get(path) or [Reply(404, b"not found", content_type="text/plain")]
            return steps.pop(0) if len(steps) > 1 else steps[0]

    def _serve(self) -> None:
        self._httpd.serve_forever(poll_interval=POLL_SECONDS)

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def never_respond(handler: RequestHandler) -> None:
    """Accept the request and send nothing, until the server stops."""
    handler.stopping.wait(STALL_SECONDS)
    handler.close_connection = True


def drip(interval: float, content_type: str = HTML_UTF8) -> Callable[[RequestHandler], None]:
    """A handler that sends headers, then one byte every ``interval`` seconds, forever."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, content_type=content_type)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        while not handler.stopping.wait(interval):
            handler.wfile.write(b" ")

    return handle


def stall_after(
    prefix: bytes, headers: tuple[tuple[str, str], ...] = ()
) -> Callable[[RequestHandler], None]:
    """A handler that sends headers and ``prefix``, then nothing, until the server stops."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, headers)
        handler.end_headers()
        handler.wfile.write(prefix)
        never_respond(handler)

    return handle


def cut_off(prefix: bytes, declared: int) -> Callable[[RequestHandler], None]:
    """A handler that declares ``declared`` bytes, sends ``prefix``, then closes."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, (("Content-Length", str(declared)),))
        handler.end_headers()
        handler.wfile.write(prefix)
        handler.close_connection = True

    return handle
