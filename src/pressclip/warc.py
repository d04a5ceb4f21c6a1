"""A WARC/1.1 file of the HTTP exchanges behind one article (``--warc``).

Web archives replay captures from WARC files (ISO 28500), so the page is
recorded as a request record and a response record per exchange: every
redirect hop, the page, and with ``--images`` every image fetched. warcio
writes the records and computes their block and payload digests; a
``warcinfo`` record at the start names the software.

Two things differ from the bytes on the wire, because the fetcher never sees
them: the transfer coding (``chunked``) is undone, so ``Transfer-Encoding``
is dropped and ``Content-Length`` gives the recorded body's length; and a
redirect's body is not downloaded, so it is recorded empty. The content
coding (gzip, br) is kept, as the WARC standard asks, with its header.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timezone
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressclip import __version__
from pressclip.model import Exchange

WARC_VERSION = "WARC/1.1"
SOFTWARE = f"pressclip/{__version__}"
WARC_FORMAT = "WARC File Format 1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
DROPPED_HEADERS = frozenset({"transfer-encoding", "content-length"})
"""Response headers replaced because the recorded body is not the one on the wire."""
WARC_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def warc_bytes(exchanges: Sequence[Exchange], filename: str) -> bytes:
    """A gzipped WARC/1.1 file: a ``warcinfo`` record, then a response and a request per exchange.

    ``filename`` is the name the file will have (the ``WARC-Filename`` field).
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
    info = {"software": SOFTWARE, "format": WARC_FORMAT, "conformsTo": CONFORMS_TO}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    for exchange in exchanges:
        response = _response_record(writer, exchange)
        writer.write_request_response_pair(_request_record(writer, exchange), response)
    return buffer.getvalue()


def _response_record(writer: WARCWriter, exchange: Exchange) -> object:
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in DROPPED_HEADERS]
    headers.append(("Content-Length", str(len(exchange.payload))))
    status = f"{exchange.status} {exchange.reason}".rstrip()
    http_headers = StatusAndHeaders(status, headers, protocol=exchange.http_version)
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.payload),
        length=len(exchange.payload),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": _warc_date(exchange.started_at)},
    )


def _request_record(writer: WARCWriter, exchange: Exchange) -> object:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    line = f"{exchange.method} {target} {exchange.http_version}"
    http_headers = StatusAndHeaders(line, list(exchange.request_headers), is_http_request=True)
    return writer.create_warc_record(exchange.url, "request", http_headers=http_headers)


def _warc_date(iso: str) -> str:
    """``2024-05-06T07:08:09.123456Z`` (WARC/1.1 allows fractions of a second)."""
    return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime(WARC_DATE_FORMAT)
