"""Tests for pressclip.fetch against a real HTTP server on 127.0.0.1 (see server.py)."""

from __future__ import annotations

import dataclasses
import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from pressclip import __version__
from pressclip.errors import ContentError, HTTPStatusError, NetworkError, TLSError, UsageError
from pressclip.fetch import FetchOptions, fetch, looks_like_html, validate_url
from server import (
    LocalServer,
    Reply,
    RequestHandler,
    cut_off,
    drip,
    never_respond,
    redirect,
    stall_after,
)

HTML = b"<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x01\x02"
CP1252_HTML = b"<html><body><p>caf\xe9 \x93quoted\x94 \x96 dash</p></body></html>"

FAST = FetchOptions(backoff=0.01, timeout=10, connect_timeout=2, read_timeout=5)
"""Defaults for tests: tiny backoff, and no test can hang for long."""


def options(**changes: Any) -> FetchOptions:
    return dataclasses.replace(FAST, **changes)


class LogLines:
    """A ``log`` callback that keeps what it is given."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)


@pytest.fixture(autouse=True)
def no_proxy_and_no_buffered_body(direct: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Talk to 127.0.0.1 directly (``direct``), and fail any code path that reads the whole
    body unchecked."""

    def forbidden(self: requests.Response) -> None:
        raise AssertionError("fetch must stream the body, not use Response.content/.text")

    monkeypatch.setattr(requests.Response, "content", property(forbidden))
    monkeypatch.setattr(requests.Response, "text", property(forbidden))


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def log() -> LogLines:
    return LogLines()


def elapsed(action: Callable[[], object]) -> float:
    start = time.monotonic()
    action()
    return time.monotonic() - start


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail if the block takes ``seconds`` or longer."""
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds


# --- success ---------------------------------------------------------------


def test_html_page_records_final_url_status_and_charset(server: LocalServer) -> None:
    server.route("/article", Reply(body=HTML, content_type='text/html; charset="ISO-8859-1"'))
    url = server.url("/article")
    page = fetch(url, FAST)
    assert page.source == url
    assert page.url == url
    assert page.content == HTML
    assert (page.status, page.content_type, page.charset) == (200, "text/html", "ISO-8859-1")
    assert page.fetched_at.endswith("+00:00")
    assert 0 < page.elapsed < 5


def test_xhtml_is_accepted(server: LocalServer) -> None:
    server.route("/", Reply(body=HTML, content_type="application/xhtml+xml"))
    assert fetch(server.url(), FAST).content_type == "application/xhtml+xml"


def test_body_bytes_are_not_decoded(server: LocalServer) -> None:
    server.route("/", Reply(body=CP1252_HTML, content_type="text/html"))
    page = fetch(server.url(), FAST)
    assert page.content == CP1252_HTML
    assert page.charset is None


def test_gzip_body_is_decoded(server: LocalServer) -> None:
    server.route("/", Reply(body=gzip.compress(HTML), headers=(("Content-Encoding", "gzip"),)))
    assert fetch(server.url(), FAST).content == HTML


def test_user_agent_names_pressclip(server: LocalServer) -> None:
    server.route("/", Reply(body=HTML))
    fetch(server.url(), FAST)
    agent = server.received[0].headers["user-agent"]
    assert agent.startswith(f"pressclip/{__version__} ")


def test_custom_user_agent_is_sent(server: LocalServer) -> None:
    server.route("/", Reply(body=HTML))
    fetch(server.url(), options(user_agent="Archiver/2.0 (ops@example.org)"))
    assert server.received[0].headers["user-agent"] == "Archiver/2.0 (ops@example.org)"


# --- redirects ----------------------------------------------------------------


def test_relative_redirect_chain_records_final_url(server: LocalServer) -> None:
    server.route("/start", redirect("hop1", 301))
    server.route("/hop1", redirect("/dir/hop2", 307))
    server.route("/dir/hop2", redirect("../final", 308))
    server.route("/final", Reply(body=HTML))
    page = fetch(server.url("/start"), FAST)
    assert page.source == server.url("/start")
    assert page.url == server.url("/final")
    assert page.content == HTML


def test_redirect_loop_is_refused(server: LocalServer) -> None:
    server.route("/loop", redirect("/loop"))
    with pytest.raises(ContentError, match=r"^too many redirects \(max 10\): http://"):
        fetch(server.url("/loop"), FAST)
    assert server.count("/loop") == 11


@pytest.mark.parametrize(("hops", "ok"), [(3, True), (4, False)])
def test_max_redirects_counts_hops(server: LocalServer, hops: int, ok: bool) -> None:
    for hop in range(hops):
        server.route(f"/{hop}", redirect(f"/{hop + 1}"))
    server.route(f"/{hops}", Reply(body=HTML))
    if ok:
        assert fetch(server.url("/0"), options(max_redirects=3)).url == server.url(f"/{hops}")
    else:
        with pytest.raises(ContentError, match=r"too many redirects \(max 3\)"):
            fetch(server.url("/0"), options(max_redirects=3))


def redirect_with_endless_body(handler: RequestHandler) -> None:
    handler.send_head(302, (("Location", "/final"), ("Content-Length", "50000000")), None)
    handler.end_headers()
    handler.wfile.write(b"x" * 1000)
    never_respond(handler)


def test_redirect_body_is_never_read(server: LocalServer) -> None:
    """requests' ``Session.send`` reads it whole, even with ``allow_redirects=False``."""
    server.route("/", redirect_with_endless_body)
    server.route("/final", Reply(body=HTML))
    with within(1):
        assert fetch(server.url(), FAST).url == server.url("/final")


def test_cookies_set_on_redirect_are_sent_to_the_target(server: LocalServer) -> None:
    set_cookie = ("Set-Cookie", "consent=yes; Path=/")
    server.route("/", Reply(302, headers=(("Location", "/final"), set_cookie), content_type=None))
    server.route("/final", Reply(body=HTML))
    fetch(server.url(), FAST)
    assert server.received[-1].headers["cookie"] == "consent=yes"


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://example.org/file", "javascript:alert(1)", "data:text/html,hi"],
)
def test_redirect_to_non_http_url_is_refused(server: LocalServer, location: str) -> None:
    server.route("/", redirect(location))
    with pytest.raises(ContentError) as caught:
        fetch(server.url(), FAST)
    assert str(caught.value) == f"refusing redirect to non-http(s) URL: {location}"


def test_redirect_with_backslash_in_host_is_refused(server: LocalServer) -> None:
    server.route("/", redirect("http://127.0.0.1:1\\@example.org/"))
    with pytest.raises(ContentError, match=r"refusing redirect to invalid URL \(backslash"):
        fetch(server.url(), FAST)


# --- HTTP status and retries ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404 Not Found: "), (410, "HTTP 410 Gone (the resource is gone for good): ")],
)
def test_not_found_and_gone_are_not_retried(
    server: LocalServer, log: LogLines, status: int, message: str
) -> None:
    server.route("/missing", Reply(status, b"nope", content_type="text/plain"))
    url = server.url("/missing")
    with pytest.raises(HTTPStatusError) as caught:
        fetch(url, FAST, log=log)
    assert str(caught.value) == message + url
    assert (caught.value.status, caught.value.url) == (status, url)
    assert server.count("/missing") == 1
    assert log.lines == []


def test_server_errors_are_retried_with_backoff(server: LocalServer, log: LogLines) -> None:
    server.route("/", Reply(500), Reply(500), Reply(body=HTML))
    url = server.url()
    page = fetch(url, FAST, log=log)
    assert page.content == HTML
    assert server.count("/") == 3
    assert log.lines == [
        f"retrying {url} in 0.01s (HTTP 500)",
        f"retrying {url} in 0.02s (HTTP 500)",
    ]


def test_persistent_503_fails_after_retries(server: LocalServer, log: LogLines) -> None:
    server.route("/", Reply(503))
    url = server.url()
    with pytest.raises(HTTPStatusError) as caught:
        fetch(url, options(retries=2), log=log)
    assert str(caught.value) == f"HTTP 503 Service Unavailable: {url}"
    assert caught.value.status == 503
    assert server.count("/") == 3
    assert len(log.lines) == 2


def test_retry_after_is_honoured(server: LocalServer, log: LogLines) -> None:
    server.route("/", Reply(429, headers=(("Retry-After", "1"),)), Reply(body=HTML))
    url = server.url()
    assert elapsed(lambda: fetch(url, FAST, log=log)) >= 1.0
    assert log.lines == [f"retrying {url} in 1s (HTTP 429)"]


@pytest.mark.parametrize(
    "retry_after",
    ["86400", format_datetime(datetime.now(timezone.utc) + timedelta(days=1), usegmt=True)],
    ids=["seconds", "http-date"],
)
def test_retry_after_beyond_cap_fails_at_once(server: LocalServer, retry_after: str) -> None:
    server.route("/", Reply(429, headers=(("Retry-After", retry_after),)))
    url = server.url()
    with (
        within(1),
        pytest.raises(HTTPStatusError, match=r"^server asked to retry after 86\d\d\ds \(cap 60s\)"),
    ):
        fetch(url, FAST)
    assert server.count("/") == 1


def test_retry_sleep_respects_total_deadline(server: LocalServer) -> None:
    server.route("/", Reply(503, headers=(("Retry-After", "5"),)))
    with within(1), pytest.raises(HTTPStatusError, match="HTTP 503"):
        fetch(server.url(), options(timeout=1))
    assert server.count("/") == 1


# --- timeouts --------------------------------------------------------------------


def test_server_that_never_answers_times_out(server: LocalServer) -> None:
    server.route("/", never_respond)
    url = server.url()
    with within(2), pytest.raises(NetworkError) as caught:
        fetch(url, options(read_timeout=0.5))
    assert str(caught.value) == f"timed out waiting for response after 0.5s: {url}"
    assert server.count("/") == 1


def test_slow_drip_hits_total_deadline(server: LocalServer) -> None:
    server.route("/", drip(0.1))
    url = server.url()
    with within(2), pytest.raises(NetworkError) as caught:
        fetch(url, options(timeout=1))
    assert str(caught.value) == f"download exceeded total time limit (1s): {url}"


def test_stall_mid_body_hits_total_deadline_before_read_timeout(server: LocalServer) -> None:
    server.route("/", stall_after(b"<html><body>"))
    with within(2), pytest.raises(NetworkError, match="exceeded total time limit"):
        fetch(server.url(), options(timeout=1, read_timeout=30))


# --- content checks -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/octet-stream"]
)
def test_non_html_content_type_is_refused(server: LocalServer, content_type: str) -> None:
    server.route("/doc", Reply(body=PDF, content_type=content_type))
    url = server.url("/doc")
    with pytest.raises(ContentError) as caught:
        fetch(url, FAST)
    assert str(caught.value) == f"expected HTML, got {content_type}: {url}"


def test_missing_content_type_with_html_bytes_is_accepted(server: LocalServer) -> None:
    server.route("/", Reply(body=b"\xef\xbb\xbf\n  " + HTML, content_type=None))
    page = fetch(server.url(), FAST)
    assert page.content_type is None
    assert page.content.endswith(HTML)


def test_missing_content_type_with_binary_is_refused(server: LocalServer) -> None:
    server.route("/", Reply(body=PDF, content_type=None))
    with pytest.raises(ContentError, match="^expected HTML, got unlabelled content"):
        fetch(server.url(), FAST)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "close-delimited"])
def test_body_over_max_bytes_is_refused(server: LocalServer, declared: bool) -> None:
    server.route("/", Reply(body=b"<p>" + b"x" * 20_000, content_length=declared))
    url = server.url()
    with pytest.raises(ContentError) as caught:
        fetch(url, options(max_bytes=10_000))
    assert str(caught.value) == f"response larger than 10 kB: {url}"


def test_declared_oversize_is_refused_before_reading(server: LocalServer) -> None:
    server.route("/", stall_after(b"<p>", headers=(("Content-Length", "50000000"),)))
    with within(1), pytest.raises(ContentError, match="^response larger than 20 MB: "):
        fetch(server.url(), FAST)


@pytest.mark.parametrize(
    ("encoding", "compress"), [("gzip", gzip.compress), ("deflate", zlib.compress)]
)
def test_compression_bomb_stops_at_decoded_cap(
    server: LocalServer, encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    bomb = compress(b"\0" * 10_000_000)
    assert len(bomb) < 100_000
    server.route("/", Reply(body=bomb, headers=(("Content-Encoding", encoding),)))
    with within(1), pytest.raises(ContentError, match="^response larger than 1 MB: "):
        fetch(server.url(), options(max_bytes=1_000_000))


def test_undecodable_gzip_is_a_content_error(server: LocalServer) -> None:
    server.route("/", Reply(body=b"this is not gzip" * 10, headers=(("Content-Encoding", "gzip"),)))
    url = server.url()
    with pytest.raises(ContentError) as caught:
        fetch(url, FAST)
    assert str(caught.value) == f"could not decode gzip body: {url}"


def test_body_cut_off_is_retried_once(server: LocalServer, log: LogLines) -> None:
    server.route("/", cut_off(b"<p>" + b"x" * 97, declared=10_000))
    url = server.url()
    with pytest.raises(NetworkError) as caught:
        fetch(url, FAST, log=log)
    assert str(caught.value) == f"connection broken after 100 of 10000 bytes: {url}"
    assert server.count("/") == 2
    assert log.lines == [f"retrying {url} in 0.01s (connection broken)"]


# --- connection failures --------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connection_refused_is_retried(log: LogLines) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    with pytest.raises(NetworkError) as caught:
        fetch(url, options(retries=2), log=log)
    assert str(caught.value) == f"connection refused: {url}"
    assert log.lines == [
        f"retrying {url} in 0.01s (connection refused)",
        f"retrying {url} in 0.02s (connection refused)",
    ]


def resolves_quickly_to_failure(host: str, within: float = 3.0) -> bool:
    """Whether the resolver answers "no such host" for ``host`` without hanging."""
    outcome: list[bool] = []

    def resolve() -> None:
        try:
            socket.getaddrinfo(host, 80)
            outcome.append(False)
        except socket.gaierror:
            outcome.append(True)

    thread = threading.Thread(target=resolve, daemon=True)
    thread.start()
    thread.join(within)
    return outcome == [True]


def test_dns_failure_is_not_retried(log: LogLines) -> None:
    if not resolves_quickly_to_failure("nonexistent.invalid"):
        pytest.skip("this resolver hangs on, or answers for, nonexistent.invalid")
    url = "http://nonexistent.invalid/"
    with pytest.raises(NetworkError) as caught:
        fetch(url, FAST, log=log)
    assert str(caught.value) == f"could not resolve host nonexistent.invalid: {url}"
    assert log.lines == []


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    folder: Path = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_self_signed_certificate_fails_without_retry(
    self_signed: ssl.SSLContext, log: LogLines
) -> None:
    with LocalServer(tls=self_signed) as tls_server:
        tls_server.route("/", Reply(body=HTML))
        url = tls_server.url()
        with pytest.raises(TLSError) as caught:
            fetch(url, FAST, log=log)
    assert str(caught.value) == f"certificate verify failed: {url}"
    assert log.lines == []
    assert tls_server.received == []


# --- URL validation, sniffing, options ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "https://example.com/news/2024/story.html?id=1#top",
        "HTTPS://EXAMPLE.COM/",
        "http://127.0.0.1:8080/",
        "http://[::1]/",
        "https://user@example.com/",
        "https://café.example/menü",
    ],
)
def test_validate_url_accepts(url: str) -> None:
    assert validate_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        "example.com",
        "example.com/news",
        "//example.com/news",
        "http://",
        "https:///path",
        "http://:80/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<p>hi</p>",
        "ftp://example.com/file",
        "http://exa mple.com/",
        "http://example.com/a b",
        " http://example.com/",
        "http://example.com/\nSet-Cookie: x",
        "http://example.com/\x00",
        "http://example.com/\x7f",
        "http://127.0.0.1:6666\\@example.org",
        "http://example.com:99999/",
        "http://[::1/",
    ],
)
def test_validate_url_rejects(url: str) -> None:
    with pytest.raises(UsageError, match="^invalid URL "):
        validate_url(url)


def test_fetch_rejects_invalid_url_before_any_request() -> None:
    with pytest.raises(UsageError, match="missing scheme"):
        fetch("example.com", FAST)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf  \n<html lang=en>", True),
        (b"<HEAD><title>x", True),
        (b"<body>", True),
        (b'<meta charset="utf-8">', True),
        (b"<title>Hi</title>", True),
        (b"<div class=a>", True),
        (b"<p>Hello", True),
        (b"<!-- comment -->", True),
        ("\ufeff<html>".encode("utf-16-le"), True),
        (b"<pre>", False),
        (b"<?xml version='1.0'?><rss>", False),
        (b"%PDF-1.7", False),
        (b"\x89PNG\r\n\x1a\n", False),
        (b'{"json": true}', False),
        (b"", False),
        (b"Hello <p>", False),
    ],
)
def test_looks_like_html(data: bytes, expected: bool) -> None:
    assert looks_like_html(data) is expected


def test_default_options_match_reliability_defaults() -> None:
    defaults = FetchOptions()
    assert (defaults.timeout, defaults.connect_timeout, defaults.read_timeout) == (120, 10, 30)
    assert (defaults.retries, defaults.retry_after_cap, defaults.max_redirects) == (3, 60, 10)
    assert defaults.max_bytes == 20_000_000


@pytest.mark.parametrize(("name", "value"), [("timeout", 0), ("read_timeout", -1), ("retries", -1)])
def test_invalid_options_are_usage_errors(name: str, value: float) -> None:
    with pytest.raises(UsageError, match=name.replace("_", "-")):
        FetchOptions(**{name: value})  # type: ignore[arg-type]
