"""Fetch one web page over HTTP(S), within strict limits.

Every failure becomes one of the exceptions in :mod:`pressclip.errors`, with a
one-line message that names the URL. Three limits need care because requests
does not provide them:

- redirects are followed here, one hop at a time, so that every target is
  checked (http/https only, at most ``max_redirects``);
- the body is streamed and counted *after* content decoding, so a gzip bomb or
  an endless response stops at ``max_bytes``;
- one deadline covers the whole fetch, retries, backoff and redirects included.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import math
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.client import RemoteDisconnected
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.cookies import extract_cookies_to_jar

from pressclip import __version__
from pressclip.errors import (
    ContentError,
    HTTPStatusError,
    NetworkError,
    NonPublicAddressError,
    PressclipError,
    TLSError,
    UsageError,
    printable,
)
from pressclip.model import Exchange, Page
from pressclip.netguard import GuardedAdapter, PeerGuard
from pressclip.urls import HTTP_SCHEMES, url_problem, validate_url

Log = Callable[[str], None]
Gate = Callable[[str], AbstractContextManager[object]]
"""Given a URL, a context to hold while its request runs (politeness: see ``pressclip.batch``)."""

DEFAULT_USER_AGENT = f"pressclip/{__version__} (+https://github.com/pressclip/pressclip)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.1"
IMAGE_TYPE_PREFIX = "image/"
UNTYPED_BINARY = frozenset({"application/octet-stream", "binary/octet-stream"})
"""Content-Types servers give images they cannot name; the bytes decide (``pressclip.images``)."""
IDENTITY_CODINGS = frozenset({"", "identity"})
HTTP_VERSIONS = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
GONE_STATUS = 410

BROKEN_BODY_RETRIES = 1
"""A body cut off mid-transfer is retried at most once, whatever ``retries`` says."""

CHUNK_SIZE = 65_536
DEADLINE_SLACK = 0.05
"""Seconds of deadline left below which the deadline counts as passed."""

CONNECTION_FAILURES: tuple[tuple[type[BaseException], str], ...] = (
    # RemoteDisconnected is a ConnectionResetError, so it must come first.
    (RemoteDisconnected, "server closed the connection without a response"),
    (ConnectionRefusedError, "connection refused"),
    (ConnectionResetError, "connection reset"),
)
DNS_FAILURES: tuple[type[BaseException], ...] = (
    socket.gaierror,
    urllib3.exceptions.NameResolutionError,
)

# WHATWG MIME sniffing, "identifying a resource with an unknown MIME type",
# loosened to also accept <meta>, <link> and whitespace or "/" after the tag:
# https://mimesniff.spec.whatwg.org/#identifying-a-resource-with-an-unknown-mime-type
HTML_SNIFF_TAGS = (
    b"!doctype html", b"html", b"head", b"body", b"script", b"iframe", b"h1", b"div",
    b"font", b"table", b"a", b"style", b"title", b"b", b"br", b"p", b"meta", b"link",
)  # fmt: skip
HTML_SNIFF_COMMENT = b"<!--"
TAG_END_BYTES = frozenset(b" \t\n\f\r>/")
SNIFF_WHITESPACE = b" \t\n\f\r"
SNIFF_BYTES = 1024
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class FetchOptions:
    """Limits and politeness settings for :func:`fetch`; times are in seconds."""

    timeout: float = 120.0
    """Deadline for the whole fetch, retries and redirects included."""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    """Longest wait for the next byte (headers or body)."""
    retries: int = 3
    """Extra attempts after a connect error or a status in ``RETRY_STATUSES``."""
    backoff: float = 0.5
    """First retry delay; it doubles with each further retry."""
    retry_after_cap: float = 60.0
    """Longest ``Retry-After`` honoured; a longer one fails the fetch at once."""
    max_redirects: int = 10
    max_bytes: int = 20_000_000
    """Largest body accepted, counted after content decoding (gzip etc.)."""
    user_agent: str | None = None
    """``None`` means :data:`DEFAULT_USER_AGENT`."""
    allow_private_network: bool = False
    """Let URLs the page chooses (redirects) reach loopback, private, link-local or
    reserved addresses; see :mod:`pressclip.netguard`."""

    def __post_init__(self) -> None:
        for name in ("timeout", "connect_timeout", "read_timeout"):
            _require(name, getattr(self, name), positive=True)
        for name in ("retries", "backoff", "retry_after_cap", "max_redirects", "max_bytes"):
            _require(name, getattr(self, name), positive=False)


def _require(name: str, value: float, *, positive: bool) -> None:
    if value < 0 or (positive and value == 0) or math.isnan(value):
        kind = "positive" if positive else "non-negative"
        raise UsageError(f"{name.replace('_', '-')} must be a {kind} number, not {value}")


@dataclass(frozen=True)
class _Kind:
    """What a fetch is for: the types it accepts, and whose URL it starts from."""

    accept: str
    noun: str
    accepts_type: Callable[[str], bool]
    accepts_unlabelled: Callable[[bytes], bool]
    """Whether a body sent with no Content-Type is acceptable."""
    users_url: bool
    """The first URL is the user's own (a page), not one the page chose (an image)."""


def fetch(
    url: str,
    options: FetchOptions | None = None,
    *,
    log: Log | None = None,
    gate: Gate | None = None,
) -> Page:
    """Download the HTML page at ``url`` and return it as a :class:`Page`.

    ``log`` receives one line per retry; ``gate`` is held around each request.
    Raises :class:`UsageError` for an invalid URL, :class:`NetworkError`,
    :class:`TLSError`, :class:`ContentError` (not HTML, too large, undecodable,
    bad redirect) or :class:`HTTPStatusError`.
    """
    return _fetch(url, options, log, gate, _PAGE)


def fetch_image(
    url: str,
    options: FetchOptions | None = None,
    *,
    log: Log | None = None,
    gate: Gate | None = None,
) -> Page:
    """Download the image at ``url`` with the same limits as :func:`fetch`.

    Any ``image/*`` type, ``application/octet-stream`` or none is accepted; the
    caller judges the bytes. The URL counts as one the page chose, not the
    user (see ``FetchOptions.allow_private_network``).
    """
    return _fetch(url, options, log, gate, _IMAGE)


def _fetch(
    url: str, options: FetchOptions | None, log: Log | None, gate: Gate | None, kind: _Kind
) -> Page:
    validate_url(url)
    opts = options or FetchOptions()
    deadline = _Deadline(opts.timeout)
    guard = PeerGuard(opts.allow_private_network)
    exchanges: list[Exchange] = []
    with _new_session(opts, guard) as session:
        session.headers["Accept"] = kind.accept
        call = _Call(kind, gate, exchanges)
        body = _follow_redirects(session, url, opts, deadline, log, guard, call)
    return Page(
        source=url,
        content=body.content,
        url=body.url,
        status=body.status,
        content_type=body.content_type,
        charset=body.charset,
        fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        elapsed=deadline.elapsed(),
        exchanges=tuple(exchanges),
        private_network=guard.allow_private,
    )


def _is_image_type(content_type: str) -> bool:
    return content_type.startswith(IMAGE_TYPE_PREFIX) or content_type in UNTYPED_BINARY


def _any_bytes(data: bytes) -> bool:
    return True


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts like an HTML document (for responses with no Content-Type)."""
    head = _sniff_prefix(data).lstrip(SNIFF_WHITESPACE).lower()
    if head.startswith(HTML_SNIFF_COMMENT):
        return True
    return any(_starts_with_tag(head, tag) for tag in HTML_SNIFF_TAGS)


def _sniff_prefix(data: bytes) -> bytes:
    """The first bytes of ``data`` without a BOM, UTF-16 narrowed to ASCII."""
    head = data[:SNIFF_BYTES]
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8)


def _starts_with_tag(head: bytes, tag: bytes) -> bool:
    end = len(tag) + 1
    return head.startswith(b"<" + tag) and len(head) > end and head[end] in TAG_END_BYTES


_PAGE = _Kind(ACCEPT, "HTML", HTML_TYPES.__contains__, looks_like_html, users_url=True)
_IMAGE = _Kind(IMAGE_ACCEPT, "an image", _is_image_type, _any_bytes, users_url=False)


class _Deadline:
    """The one time limit that covers a whole fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def remaining(self) -> float:
        return self.seconds - self.elapsed()

    def expired(self) -> bool:
        return self.remaining() <= DEADLINE_SLACK

    def extend(self, seconds: float) -> None:
        """Leave ``seconds`` out of the count (time spent waiting for the host's turn)."""
        self.start += seconds

    def cap(self, seconds: float) -> float:
        """``seconds``, shortened so that a wait cannot outlive the deadline."""
        return max(min(seconds, self.remaining()), DEADLINE_SLACK)

    def error(self, url: str) -> NetworkError:
        limit = _seconds(self.seconds)
        return NetworkError(f"download exceeded total time limit ({limit}): {url}", url)

    def check(self, url: str) -> None:
        if self.expired():
            raise self.error(url)


@dataclass(frozen=True)
class _Body:
    """A successful final response, read in full."""

    url: str
    status: int
    content_type: str | None
    charset: str | None
    content: bytes


@dataclass(frozen=True)
class _Redirect:
    target: str


@dataclass(frozen=True)
class _Call:
    """What stays the same across the hops and retries of one fetch."""

    kind: _Kind
    gate: Gate | None
    exchanges: list[Exchange]
    """Each completed exchange is appended here, for the WARC."""

    def slot(self, url: str) -> AbstractContextManager[object]:
        return contextlib.nullcontext() if self.gate is None else self.gate(url)


class _Retry(Exception):
    """Internal: an attempt failed in a way another attempt may fix.

    ``error`` is what the caller sees once the retries run out; ``limit`` caps
    the retries for this kind of failure below ``FetchOptions.retries``.
    """

    def __init__(
        self,
        error: PressclipError,
        reason: str,
        *,
        retry_after: float | None = None,
        limit: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason
        self.retry_after = retry_after
        self.limit = limit


def _new_session(opts: FetchOptions, guard: PeerGuard) -> requests.Session:
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, GuardedAdapter(guard))
    session.headers["User-Agent"] = opts.user_agent or DEFAULT_USER_AGENT
    session.headers["Accept"] = ACCEPT
    return session


def _follow_redirects(
    session: requests.Session,
    url: str,
    opts: FetchOptions,
    deadline: _Deadline,
    log: Log | None,
    guard: PeerGuard,
    call: _Call,
) -> _Body:
    current = url
    for hop in range(opts.max_redirects + 1):
        # Only the URL the user gave may lead to a non-public address (netguard).
        users_url = hop == 0 and call.kind.users_url
        with guard.users_url() if users_url else contextlib.nullcontext():
            result = _get_with_retries(session, current, opts, deadline, log, call)
        if isinstance(result, _Body):
            return result
        current = result.target
    raise ContentError(f"too many redirects (max {opts.max_redirects}): {url}", url)


def _get_with_retries(
    session: requests.Session,
    url: str,
    opts: FetchOptions,
    deadline: _Deadline,
    log: Log | None,
    call: _Call,
) -> _Body | _Redirect:
    attempt = 0
    while True:
        try:
            return _get_once(session, url, opts, deadline, call)
        except _Retry as retry:
            delay = _retry_delay(retry, attempt, opts)
            limit = opts.retries if retry.limit is None else min(retry.limit, opts.retries)
            if attempt >= limit or delay >= deadline.remaining() - DEADLINE_SLACK:
                raise retry.error from retry.__cause__
            if log is not None:
                log(f"retrying {url} in {_seconds(delay)} ({retry.reason})")
            time.sleep(delay)
            attempt += 1


def _retry_delay(retry: _Retry, attempt: int, opts: FetchOptions) -> float:
    if retry.retry_after is not None:
        return retry.retry_after
    return float(opts.backoff * 2**attempt)


def _get_once(
    session: requests.Session, url: str, opts: FetchOptions, deadline: _Deadline, call: _Call
) -> _Body | _Redirect:
    """One request: a redirect to follow, or a checked and fully read body."""
    deadline.check(url)
    queued = time.monotonic()
    with call.slot(url):
        deadline.extend(time.monotonic() - queued)
        started = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        response = _send(session, url, opts, deadline)
        with response:
            target = session.get_redirect_target(response)
            if target is not None:
                redirect = _Redirect(_redirect_url(response.url, target))
                call.exchanges.append(_exchange(response, started, b""))
                return redirect
            _check_status(response, url, opts)
            content_type, charset = _check_headers(response, url, opts, call.kind)
            payload = _read_body(response, url, opts, deadline)
    content = _decode_body(payload, response, url, opts)
    if content_type is None and not call.kind.accepts_unlabelled(content):
        noun = call.kind.noun
        message = f"expected {noun}, got unlabelled content that is not {noun}: {url}"
        raise ContentError(message, url)
    call.exchanges.append(_exchange(response, started, payload))
    return _Body(response.url, response.status_code, content_type, charset, content)


def _exchange(response: requests.Response, started: str, payload: bytes) -> Exchange:
    """The request as sent and the response as received, for the WARC."""
    request = response.request
    url = request.url or response.url
    host = urlsplit(url).netloc.rpartition("@")[2]
    return Exchange(
        url=url,
        method=request.method or "GET",
        request_headers=(("Host", host), *((str(k), str(v)) for k, v in request.headers.items())),
        http_version=HTTP_VERSIONS.get(response.raw.version, "HTTP/1.1"),
        status=response.status_code,
        reason=response.reason or "",
        response_headers=tuple(response.raw.headers.items()),
        payload=payload,
        started_at=started,
    )


def _send(
    session: requests.Session, url: str, opts: FetchOptions, deadline: _Deadline
) -> requests.Response:
    """Send one GET and return the response with its body still unread.

    Not ``session.get``: even with ``allow_redirects=False`` it reads the whole
    body of a redirect response into memory (to prepare ``Response.next``),
    with no size cap and no deadline. So the session's adapter sends it, and
    the cookies are kept here as ``Session.send`` would.
    """
    timeout = (deadline.cap(opts.connect_timeout), deadline.cap(opts.read_timeout))
    try:
        request = session.prepare_request(requests.Request("GET", url))
        response = _send_prepared(session, request, timeout)
    except requests.RequestException as exc:
        raise _send_error(exc, url, opts, deadline) from exc
    except NonPublicAddressError as exc:
        raise NonPublicAddressError(exc.address, url) from None
    extract_cookies_to_jar(session.cookies, request, response.raw)  # type: ignore[no-untyped-call]
    return response


def _send_prepared(
    session: requests.Session, request: requests.PreparedRequest, timeout: tuple[float, float]
) -> requests.Response:
    """``Session.send`` minus redirect handling: proxies, CA bundle and client cert."""
    url = request.url or ""
    env = session.merge_environment_settings(url, {}, True, None, None)
    verify = True if env["verify"] is None else env["verify"]
    return session.get_adapter(url).send(
        request,
        stream=True,
        timeout=timeout,
        verify=verify,
        cert=env["cert"],
        proxies=env["proxies"],
    )


def _send_error(
    exc: requests.RequestException, url: str, opts: FetchOptions, deadline: _Deadline
) -> PressclipError | _Retry:
    """The error to raise for a request that got no response."""
    if isinstance(exc, requests.Timeout) and deadline.expired():
        return deadline.error(url)
    if isinstance(exc, requests.exceptions.SSLError):
        return TLSError(f"certificate verify failed: {url}", url)
    if isinstance(exc, requests.ConnectTimeout):
        waited = _seconds(opts.connect_timeout)
        return _Retry(NetworkError(f"timed out connecting after {waited}: {url}", url), "timeout")
    if isinstance(exc, requests.ReadTimeout):
        return _read_timeout(url, opts)
    if isinstance(exc, requests.ConnectionError):
        return _connection_error(exc, url)
    return NetworkError(f"request failed ({type(exc).__name__}): {url}", url)


def _connection_error(exc: requests.ConnectionError, url: str) -> PressclipError | _Retry:
    """DNS failures are final; refused or dropped connections are worth a retry."""
    if _caused_by(exc, DNS_FAILURES):
        host = urlsplit(url).hostname
        return NetworkError(f"could not resolve host {host}: {url}", url)
    reason = next(
        (text for kind, text in CONNECTION_FAILURES if _caused_by(exc, (kind,))),
        "connection failed",
    )
    return _Retry(NetworkError(f"{reason}: {url}", url), reason)


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """Whether ``exc`` or anything it wraps (urllib3 nests them deeply) is one of ``kinds``."""
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if isinstance(current, kinds):
            return True
        seen.add(id(current))
        linked = (current.__cause__, current.__context__, getattr(current, "reason", None))
        pending.extend(
            link
            for link in (*linked, *current.args)
            if isinstance(link, BaseException) and id(link) not in seen
        )
    return False


def _read_timeout(url: str, opts: FetchOptions) -> NetworkError:
    waited = _seconds(opts.read_timeout)
    return NetworkError(f"timed out waiting for response after {waited}: {url}", url)


def _redirect_url(base: str, location: str) -> str:
    """The absolute target of a ``Location`` header, if it is safe to follow."""
    target = urljoin(base, location)
    if urlsplit(target).scheme.lower() not in HTTP_SCHEMES:
        raise ContentError(f"refusing redirect to non-http(s) URL: {printable(target)}", base)
    problem = url_problem(target)
    if problem is not None:
        message = f"refusing redirect to invalid URL ({problem}): {printable(target)}"
        raise ContentError(message, base)
    return target


def _check_status(response: requests.Response, url: str, opts: FetchOptions) -> None:
    status = response.status_code
    if status < 300:
        return
    error = HTTPStatusError(_status_message(response, url), url, status)
    if status in RETRY_STATUSES:
        retry_after = _retry_after(response, url, opts)
        raise _Retry(error, f"HTTP {status}", retry_after=retry_after)
    raise error


def _status_message(response: requests.Response, url: str) -> str:
    status = response.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:  # e.g. Cloudflare's 522 and 524
        phrase = printable(response.reason or "")[:80].strip() or "Error"
    if status == GONE_STATUS:
        phrase += " (the resource is gone for good)"
    return f"HTTP {status} {phrase}: {url}"


def _retry_after(response: requests.Response, url: str, opts: FetchOptions) -> float | None:
    """The server's ``Retry-After`` in seconds; refuses one beyond the cap."""
    delay = _parse_retry_after(response.headers.get("Retry-After"))
    if delay is not None and delay > opts.retry_after_cap:
        asked, cap = _seconds(delay), _seconds(opts.retry_after_cap)
        message = f"server asked to retry after {asked} (cap {cap}): {url}"
        raise HTTPStatusError(message, url, response.status_code)
    return delay


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from ``Retry-After`` (delta-seconds or HTTP-date); ``None`` if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return float(max(0, math.ceil((when - datetime.now(timezone.utc)).total_seconds())))


def _check_headers(
    response: requests.Response, url: str, opts: FetchOptions, kind: _Kind
) -> tuple[str | None, str | None]:
    """Refuse an unwanted type or a declared oversize body; return (MIME type, charset)."""
    content_type, charset = _parse_content_type(response.headers.get("Content-Type"))
    if content_type is not None and not kind.accepts_type(content_type):
        raise ContentError(f"expected {kind.noun}, got {printable(content_type)}: {url}", url)
    length = _declared_length(response)
    if length is not None and length > opts.max_bytes:
        raise _too_large(url, opts)
    return content_type, charset


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """The lower-case MIME type and the charset parameter of a Content-Type header."""
    mime, *params = (value or "").split(";")
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'").strip() or None
    return mime.strip().lower() or None, charset


def _declared_length(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Length", "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _read_body(
    response: requests.Response, url: str, opts: FetchOptions, deadline: _Deadline
) -> bytes:
    """The body as received: content coding kept, so that the WARC can record it."""
    return _collect(_stream(response, url, opts, deadline), url, opts)


def _decode_body(
    payload: bytes, response: requests.Response, url: str, opts: FetchOptions
) -> bytes:
    """``payload`` without its content coding (gzip, deflate, br), at most ``max_bytes``.

    urllib3 decodes it, from memory, in bounded steps, so that a compression
    bomb stops at the cap.
    """
    coding = response.headers.get("Content-Encoding", "").strip().lower()
    if coding in IDENTITY_CODINGS:
        return payload
    decoder = urllib3.HTTPResponse(
        body=io.BytesIO(payload),
        headers={"Content-Encoding": coding},
        preload_content=False,
        decode_content=True,
    )
    with decoder:
        try:
            return _collect(iter(lambda: decoder.read1(CHUNK_SIZE), b""), url, opts)
        except urllib3.exceptions.DecodeError as exc:
            encoding = printable(response.headers.get("Content-Encoding", "compressed"))
            raise ContentError(f"could not decode {encoding} body: {url}", url) from exc


def _collect(chunks: Iterable[bytes], url: str, opts: FetchOptions) -> bytes:
    """The chunks joined, refusing more than ``max_bytes`` as soon as they pass it."""
    kept: list[bytes] = []
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if received > opts.max_bytes:
            raise _too_large(url, opts)
        kept.append(chunk)
    return b"".join(kept)


def _stream(
    response: requests.Response, url: str, opts: FetchOptions, deadline: _Deadline
) -> Iterator[bytes]:
    """Yield the body as it arrives, checking the deadline between reads.

    ``iter_content`` cannot be used: it blocks until a whole chunk has arrived,
    so a server dripping one byte at a time would never hit the deadline.
    ``read1`` returns whatever one read brings, at most ``CHUNK_SIZE``.
    """
    raw = response.raw
    while True:
        deadline.check(url)
        _limit_next_read(raw, deadline.cap(opts.read_timeout))
        try:
            chunk = raw.read1(CHUNK_SIZE, decode_content=False)
        except urllib3.exceptions.HTTPError as exc:
            raise _body_error(exc, response, url, opts, deadline) from exc
        if not chunk:
            return
        yield chunk


def _limit_next_read(raw: Any, seconds: float) -> None:
    """Shorten the socket timeout so that one stalled read cannot outlive the deadline."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def _body_error(
    exc: urllib3.exceptions.HTTPError,
    response: requests.Response,
    url: str,
    opts: FetchOptions,
    deadline: _Deadline,
) -> PressclipError | _Retry:
    """The error to raise for a body that could not be read to the end."""
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return deadline.error(url) if deadline.expired() else _read_timeout(url, opts)
    length = _declared_length(response)
    received = f"{response.raw.tell()}" + ("" if length is None else f" of {length}")
    error = NetworkError(f"connection broken after {received} bytes: {url}", url)
    return _Retry(error, "connection broken", limit=BROKEN_BODY_RETRIES)


def _too_large(url: str, opts: FetchOptions) -> ContentError:
    return ContentError(f"response larger than {_format_size(opts.max_bytes)}: {url}", url)


def _format_size(size: int) -> str:
    """``20 MB``, ``10 kB``: decimal units, as the limits are given."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"


def _seconds(value: float) -> str:
    """``120s``, ``0.5s``: a duration for a message."""
    return f"{round(value, 2):g}s"
