"""Hostile networks, end to end through the command (issue 6, RELIABILITY.md §3.1).

Every case runs ``pressclip URL -o <folder>/clip.md --force -q`` in-process
against a real server on 127.0.0.1 and checks the four outcomes of
``outcomes.py``; success cases check the file written instead. The fetcher's
own tests (``test_fetch.py``) pin the library-level details; these pin what a
user sees.

The retry backoff and the read timeout are shortened for speed (``quick``),
through the same ``FetchOptions`` the command builds.
"""

from __future__ import annotations

import gzip
import re
import socket
import ssl
import struct
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import brotli
import pytest
import trustme
import yaml

from outcomes import Workspace, assert_four_outcomes, invoke, snapshot
from pressclip import netguard
from pressclip.errors import ExitCode
from server import LocalServer, Reply, RequestHandler, cut_off, drip, never_respond, redirect
from story import STORY, STORY_HTML

TITLE = "Harbour reopens after storm"
PAGE = (
    f"<!doctype html><html lang=en><head><title>{TITLE}</title></head>"
    f"<body><article><h1>{TITLE}</h1>{STORY_HTML}</article></body></html>"
).encode()
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x01\x02"
BOMB_SIZE = 100 * 2**20
"""What the compression bombs inflate to: 100 MiB from about 100 kB."""
STREAM_CHUNK = 65_536
GUARD_HINT = "(--allow-private-network allows it)"


@pytest.fixture
def workspace(tmp_path: Path, quick: None) -> Workspace:
    return Workspace(tmp_path / "out")


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    head, separator, _ = text.removeprefix("---\n").partition("\n---\n")
    assert separator
    loaded: dict[str, Any] = yaml.safe_load(head)
    return loaded


def assert_archived(result: Any, workspace: Workspace) -> str:
    """Exit 0, the victim's name printed and replaced (``--force``); the new text."""
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{workspace.victim}\n"
    assert sorted(snapshot(workspace.folder)) == [workspace.victim.name]
    text = workspace.victim.read_text(encoding="utf-8")
    assert text.startswith("---\n") and text.endswith(f"{STORY[-1]}\n")
    return text


# --- handlers for faults the canned replies cannot make ---------------------


def reset_after(prefix: bytes, declared: int) -> Callable[[RequestHandler], None]:
    """Declare ``declared`` bytes, send ``prefix``, then reset the connection (RST, not FIN)."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, (("Content-Length", str(declared)),))
        handler.end_headers()
        handler.wfile.write(prefix)
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return handle


def endless(content_type: str, total: int) -> Callable[[RequestHandler], None]:
    """``total`` bytes of HTML-ish filler with no Content-Length, until the client hangs up."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, (("Connection", "close"),), content_type)
        handler.end_headers()
        handler.close_connection = True
        handler.wfile.write(b"<html><body><p>")
        for _ in range(total // STREAM_CHUNK):
            handler.wfile.write(b"x" * STREAM_CHUNK)

    return handle


def bomb(encoding: str, compress: Callable[[bytes], bytes]) -> Reply:
    body = compress(b"\0" * BOMB_SIZE)
    assert len(body) < 200_000
    return Reply(body=body, headers=(("Content-Encoding", encoding),))


def stacked_gzip(layers: int) -> Reply:
    body = PAGE
    for _ in range(layers):
        body = gzip.compress(body)
    return Reply(body=body, headers=(("Content-Encoding", ", ".join(["gzip"] * layers)),))


# --- N1-N5, N9-N11: status, retries, timeouts, broken bodies, content -------------


def retry_after_date() -> str:
    return format_datetime(datetime.now(timezone.utc) + timedelta(days=1), usegmt=True)


FAILURES: list[tuple[str, Callable[[], list[Any]], int, str, int]] = [
    # id, steps, exit code, message ({url} is the URL fetched), requests the server sees
    ("N1-404", lambda: [Reply(404, b"nope", content_type="text/plain")], 8,
     "HTTP 404 Not Found: {url}", 1),
    ("N1-410", lambda: [Reply(410, b"gone", content_type="text/plain")], 8,
     "HTTP 410 Gone (the resource is gone for good): {url}", 1),
    ("N2-503-always", lambda: [Reply(503)], 8, "HTTP 503 Service Unavailable: {url}", 4),
    ("N3-retry-after-86400", lambda: [Reply(429, headers=(("Retry-After", "86400"),))], 8,
     "server asked to retry after 86400s (cap 60s): {url}", 1),
    ("N4-no-headers-ever", lambda: [never_respond], 4,
     "timed out waiting for response after 0.5s: {url}", 1),
    ("N5-reset-mid-body", lambda: [reset_after(b"<p>" + b"x" * 97, 10_000)], 4,
     "connection broken after 100 of 10000 bytes: {url}", 2),
    ("N5-closed-mid-body", lambda: [cut_off(b"<p>" + b"x" * 97, 10_000)], 4,
     "connection broken after 100 of 10000 bytes: {url}", 2),
    ("N9-pdf", lambda: [Reply(body=PDF, content_type="application/pdf")], 7,
     "expected HTML, got application/pdf: {url}", 1),
    ("N9-png", lambda: [Reply(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")],
     7, "expected HTML, got image/png: {url}", 1),
    ("N9-octet-stream", lambda: [Reply(body=PAGE, content_type="application/octet-stream")], 7,
     "expected HTML, got application/octet-stream: {url}", 1),
    ("N9-unlabelled-binary", lambda: [Reply(body=PDF, content_type=None)], 7,
     "expected HTML, got unlabelled content that is not HTML: {url}", 1),
    ("N10-30MB-no-length", lambda: [endless("text/html", 30_000_000)], 7,
     "response larger than 20 MB: {url}", 1),
    ("N10-declared-50MB", lambda: [Reply(body=b"<p>", headers=(("Content-Length", "50000000"),),
                                         content_length=False)], 7,
     "response larger than 20 MB: {url}", 1),
    ("N11-gzip-bomb", lambda: [bomb("gzip", gzip.compress)], 7,
     "response larger than 20 MB: {url}", 1),
    ("N11-deflate-bomb", lambda: [bomb("deflate", zlib.compress)], 7,
     "response larger than 20 MB: {url}", 1),
    ("N11-brotli-bomb", lambda: [bomb("br", lambda data: brotli.compress(data, quality=5))], 7,
     "response larger than 20 MB: {url}", 1),
    ("N11-gzip-x6", lambda: [stacked_gzip(6)], 7,
     "could not decode gzip, gzip, gzip, gzip, gzip, gzip body: {url}", 1),
    ("N11-garbage-gzip", lambda: [Reply(body=b"not gzip at all" * 10,
                                        headers=(("Content-Encoding", "gzip"),))], 7,
     "could not decode gzip body: {url}", 1),
]  # fmt: skip


@pytest.mark.parametrize(
    ("steps", "code", "message", "requests"),
    [case[1:] for case in FAILURES],
    ids=[case[0] for case in FAILURES],
)
def test_network_failure_has_the_four_outcomes(
    server: LocalServer,
    workspace: Workspace,
    steps: Callable[[], list[Any]],
    code: int,
    message: str,
    requests: int,
) -> None:
    server.route("/story", *steps())
    url = server.url("/story")
    result = workspace.run(url)
    assert_four_outcomes(result, workspace, code, message.format(url=url))
    assert server.count("/story") == requests


def test_retry_after_as_an_http_date_beyond_the_cap(
    server: LocalServer, workspace: Workspace
) -> None:
    server.route("/story", Reply(429, headers=(("Retry-After", retry_after_date()),)))
    url = server.url("/story")
    pattern = re.compile(rf"server asked to retry after 86[34]\d\ds \(cap 60s\): {re.escape(url)}")
    assert_four_outcomes(workspace.run(url), workspace, ExitCode.HTTP_STATUS, pattern)
    assert server.count("/story") == 1


def test_slow_drip_hits_the_total_deadline(server: LocalServer, workspace: Workspace) -> None:
    """One byte every 0.1 s never trips the 0.5 s read timeout; the deadline ends it."""
    server.route("/story", drip(0.1))
    url = server.url("/story")
    result = workspace.run(url, "--timeout", "1")
    message = f"download exceeded total time limit (1s): {url}"
    assert_four_outcomes(result, workspace, ExitCode.NETWORK, message)


def test_server_errors_then_success_are_retried_and_logged(
    server: LocalServer, workspace: Workspace
) -> None:
    server.route("/story", Reply(500), Reply(500), Reply(body=PAGE))
    url = server.url("/story")
    result = invoke(url, "-o", workspace.victim, "--force")
    assert result.stderr == (
        f"retrying {url} in 0.01s (HTTP 500)\nretrying {url} in 0.02s (HTTP 500)\n"
    )
    assert_archived(result, workspace)
    assert server.count("/story") == 3


def test_small_retry_after_is_waited_for(server: LocalServer, workspace: Workspace) -> None:
    server.route("/story", Reply(429, headers=(("Retry-After", "1"),)), Reply(body=PAGE))
    url = server.url("/story")
    result = invoke(url, "-o", workspace.victim, "--force")
    assert result.stderr == f"retrying {url} in 1s (HTTP 429)\n"
    assert_archived(result, workspace)


# --- N6, N7: redirects ------------------------------------------------------------


@pytest.mark.parametrize("hops", [12, None], ids=["12-hop-chain", "loop"])
def test_too_many_redirects(server: LocalServer, workspace: Workspace, hops: int | None) -> None:
    if hops is None:
        server.route("/story", redirect("/story"))
    else:
        server.route("/story", redirect("/0"))
        for hop in range(hops):
            server.route(f"/{hop}", redirect(f"/{hop + 1}"))
        server.route(f"/{hops}", Reply(body=PAGE))
    url = server.url("/story")
    result = workspace.run(url)
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, f"too many redirects (max 10): {url}")


def test_five_relative_hops_succeed_and_record_the_final_url(
    server: LocalServer, workspace: Workspace
) -> None:
    server.route("/story", redirect("a/1", 301))
    server.route("/a/1", redirect("2", 302))
    server.route("/a/2", redirect("../b/3", 307))
    server.route("/b/3", redirect("/c/4", 308))
    server.route("/c/4", redirect(server.url("/final"), 303))
    server.route("/final", Reply(body=PAGE))
    result = workspace.run(server.url("/story"))
    assert_archived(result, workspace)
    meta = front_matter(workspace.victim)
    assert (meta["source"], meta["canonical_url"]) == (server.url("/story"), server.url("/final"))


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://example.org/file", "javascript:alert(1)", "data:text/html,hi"],
)
def test_redirect_to_a_non_http_url(
    server: LocalServer, workspace: Workspace, location: str
) -> None:
    server.route("/story", redirect(location))
    result = workspace.run(server.url("/story"))
    message = f"refusing redirect to non-http(s) URL: {location}"
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, message)


# --- N8: redirects to non-public addresses ------------------------------------------


TARGETS = [
    ("literal", "http://127.0.0.1:{port}/story", "127.0.0.1"),
    ("localhost", "http://localhost:{port}/story", "127.0.0.1"),
    ("rebinding-name", "http://news.example:{port}/story", "127.0.0.1"),
    ("decimal", "http://2130706433:{port}/story", "127.0.0.1"),
    ("hex-short", "http://0x7f.1:{port}/story", "127.0.0.1"),
    ("ipv4-mapped-ipv6", "http://[::ffff:127.0.0.1]:{port}/story", "::ffff:127.0.0.1"),
]


@pytest.mark.parametrize(
    ("target", "address"), [t[1:] for t in TARGETS], ids=[t[0] for t in TARGETS]
)
def test_redirect_into_the_private_network_is_refused(
    server: LocalServer,
    public_server: LocalServer,
    resolver_stub: dict[str, str],
    workspace: Workspace,
    target: str,
    address: str,
) -> None:
    resolver_stub["news.example"] = "127.0.0.1"
    server.route("/story", Reply(body=PAGE))
    location = target.format(port=server.port)
    public_server.route("/story", redirect(location))
    result = workspace.run(public_server.url("/story"))
    message = f"refusing to connect to non-public address {address} {GUARD_HINT}: "
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, message + location)
    assert server.received == []


def test_redirect_to_https_in_the_private_network_is_refused(
    public_server: LocalServer, workspace: Workspace, trusted_ca: TLS
) -> None:
    with LocalServer(tls=TLS.server_context(trusted_ca.valid)) as secure:
        secure.route("/story", Reply(body=PAGE))
        public_server.route("/story", redirect(secure.url("/story")))
        result = workspace.run(public_server.url("/story"))
    message = f"refusing to connect to non-public address 127.0.0.1 {GUARD_HINT}: "
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, message + secure.url("/story"))
    assert secure.received == []


def test_allow_private_network_lets_the_redirect_through(
    server: LocalServer, public_server: LocalServer, workspace: Workspace
) -> None:
    server.route("/story", Reply(body=PAGE))
    public_server.route("/story", redirect(server.url("/story")))
    result = workspace.run(public_server.url("/story"), "--allow-private-network")
    assert_archived(result, workspace)
    assert server.count("/story") == 1


def test_a_user_url_on_the_private_network_may_redirect_within_it(
    server: LocalServer, workspace: Workspace
) -> None:
    """127.0.0.1 is what the user typed: they work there, so its redirects may stay there."""
    server.route("/story", redirect(f"http://localhost:{server.port}/final"))
    server.route("/final", Reply(body=PAGE))
    assert_archived(workspace.run(server.url("/story")), workspace)
    assert (
        front_matter(workspace.victim)["canonical_url"] == f"http://localhost:{server.port}/final"
    )


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("127.1.2.3", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.1.2.3", False),
        ("::ffff:93.184.215.14", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("224.0.0.1", False),
        ("ff02::1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("192.0.2.1", False),
        ("2002:7f00:1::", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::5db8:d70e", True),
    ],
)
def test_address_classification(address: str, public: bool) -> None:
    assert netguard.is_public_address(address) is public


# --- N12, N13: character sets -----------------------------------------------------------


def page_in(text: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>{text}</title></head>"
        f"<body><article><h1>{text}</h1><p>{text}</p>{STORY_HTML}</article></body></html>"
    )


CAFE = "café – naïve"
CYRILLIC = "Новости дня: город открыл мост"
CHARSETS = [
    ("N12-utf8-no-charset", page_in(CAFE).encode(), "text/html", CAFE),
    (
        "N13-bom-beats-meta",
        b"\xef\xbb\xbf" + page_in(CAFE, '<meta charset="iso-8859-1">').encode(),
        "text/html",
        CAFE,
    ),
    ("N13-utf16le-bom", "\ufeff".encode("utf-16-le") + page_in(CAFE).encode("utf-16-le"),
     "text/html", CAFE),
    ("N13-meta-windows-1251", page_in(CYRILLIC, '<meta charset="windows-1251">').encode("cp1251"),
     "text/html", CYRILLIC),
    ("N13-header-utf8-body-cp1252", page_in("\u201cquoted\u201d café").encode("cp1252"),
     "text/html; charset=utf-8", "\u201cquoted\u201d café"),
    ("N13-bogus-charset", page_in(CAFE).encode(), "text/html; charset=x-bogus", CAFE),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "content_type", "text"), [c[1:] for c in CHARSETS], ids=[c[0] for c in CHARSETS]
)
def test_charset_is_decoded_right(
    server: LocalServer, workspace: Workspace, body: bytes, content_type: str, text: str
) -> None:
    server.route("/story", Reply(body=body, content_type=content_type))
    written = assert_archived(workspace.run(server.url("/story")), workspace)
    assert front_matter(workspace.victim)["title"] == text
    assert f"\n{text}\n" in written
    assert "\ufeff" not in written and "ï»¿" not in written and "Ã" not in written


# --- N14: TLS ---------------------------------------------------------------------------------


class TLS:
    """A certificate authority made at test time, trusted through ``REQUESTS_CA_BUNDLE``."""

    def __init__(self, folder: Path) -> None:
        self.ca = trustme.CA()
        self.bundle = folder / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.bundle))
        now = datetime.now(timezone.utc)
        self.valid = self.ca.issue_cert("127.0.0.1")
        self.expired = self.ca.issue_cert(
            "127.0.0.1", not_before=now - timedelta(days=30), not_after=now - timedelta(days=1)
        )
        self.wrong_host = self.ca.issue_cert("news.example.org")

    @staticmethod
    def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        return context

    @staticmethod
    def self_signed() -> ssl.SSLContext:
        """A certificate for 127.0.0.1 from a CA nobody trusts."""
        return TLS.server_context(trustme.CA().issue_cert("127.0.0.1"))


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLS:
    return TLS(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def trusted_ca(tls: TLS, monkeypatch: pytest.MonkeyPatch) -> TLS:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.bundle))
    return tls


def test_trusted_certificate_is_accepted(
    direct: None, trusted_ca: TLS, workspace: Workspace
) -> None:
    """The control case: the CA set-up works, so the failures below are about the certificate."""
    with LocalServer(tls=TLS.server_context(trusted_ca.valid)) as secure:
        secure.route("/story", Reply(body=PAGE))
        assert_archived(workspace.run(secure.url("/story")), workspace)


@pytest.mark.parametrize("cert", ["self-signed", "expired", "wrong-host"])
def test_bad_certificate_is_exit_5(
    direct: None, trusted_ca: TLS, workspace: Workspace, cert: str
) -> None:
    contexts = {
        "self-signed": TLS.self_signed,
        "expired": lambda: TLS.server_context(trusted_ca.expired),
        "wrong-host": lambda: TLS.server_context(trusted_ca.wrong_host),
    }
    with LocalServer(tls=contexts[cert]()) as secure:
        secure.route("/story", Reply(body=PAGE))
        url = secure.url("/story")
        result = workspace.run(url)
    assert_four_outcomes(result, workspace, ExitCode.TLS, f"certificate verify failed: {url}")
    assert secure.received == []


# --- N15, N16: DNS, refused connections, bad URLs ----------------------------------------------


def test_dns_failure_is_exit_4_and_not_retried(
    direct: None, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def no_such_host(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    url = "http://nonexistent.invalid/story"
    result = workspace.run(url)
    message = f"could not resolve host nonexistent.invalid: {url}"
    assert_four_outcomes(result, workspace, ExitCode.NETWORK, message)
    assert asked == ["nonexistent.invalid"]


def test_refused_connection_is_exit_4(closed_url: str, workspace: Workspace) -> None:
    result = workspace.run(closed_url)
    assert_four_outcomes(result, workspace, ExitCode.NETWORK, f"connection refused: {closed_url}")


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("example.com", "missing scheme (use http:// or https://)"),
        ("http://", "no host"),
        ("javascript:alert(1)", "only http and https URLs are supported"),
        ("file:///etc/passwd", "only http and https URLs are supported"),
        ("http://example.com/a story", "contains spaces or control characters"),
        ("http://example.com/a\nstory", "contains spaces or control characters"),
        ("http://127.0.0.1:6666\\@example.org", "backslash in the host part"),
    ],
)
def test_bad_url_is_exit_2_before_any_connection(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, source: str, problem: str
) -> None:
    connections: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda *args: connections.append(args))
    result = workspace.run(source)
    message = f"invalid URL {source!r}: {problem}"
    assert_four_outcomes(result, workspace, ExitCode.USAGE, message)
    assert connections == []
