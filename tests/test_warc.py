"""``--warc`` and ``--save-html``: the exchanges a fetch records, and files standard tools read.

The WARC files are checked with warcio's own reader and its ``check`` and
``index`` commands, run as a separate process, as a user would run them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from warcio.archiveiterator import ArchiveIterator

from pressclip import cli
from pressclip.archive import archive
from pressclip.errors import ExitCode
from pressclip.fetch import FetchOptions, fetch
from pressclip.model import Exchange
from pressclip.warc import warc_bytes
from server import LocalServer, Reply, redirect
from story import STORY_HTML, TITLE

FAST = FetchOptions(backoff=0.01, timeout=10, connect_timeout=2, read_timeout=5)
PAGE = (
    f"<!doctype html><html><head><meta charset='windows-1252'><title>{TITLE}</title>"
    "<meta property='og:image' content='/lead.png'>"
    "<meta property='article:published_time' content='2024-03-05T08:00:00+00:00'></head>"
    f"<body><article><h1>{TITLE}</h1>{STORY_HTML}<p>Caf\xe9 prices rose.</p></article>"
    "</body></html>"
).encode("cp1252")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x02" * 100
NAME = "2024-03-05-council-approves-transit-plan"
EXCHANGE = Exchange(
    url="https://example.com/a?b=1",
    method="GET",
    request_headers=(("Host", "example.com"), ("User-Agent", "test")),
    http_version="HTTP/1.1",
    status=200,
    reason="OK",
    response_headers=(
        ("Content-Type", "text/html"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
    ),
    payload=gzip.compress(b"<p>hello</p>"),
    started_at="2024-05-06T07:08:09.123456+00:00",
)


def records(data: bytes) -> list[Any]:
    """Each record of a WARC file, read by warcio, with its decoded payload as ``.body``."""
    found = []
    for record in ArchiveIterator(io.BytesIO(data)):
        record.body = record.content_stream().read()
        found.append(record)
    return found


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    """warcio's command line, as a user runs it."""
    code = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False
    )


def run(*args: str | os.PathLike[str]) -> Result:
    return CliRunner().invoke(cli.command, [os.fspath(arg) for arg in args])


def front_matter(path: Path) -> dict[str, Any]:
    head, separator, _ = path.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n")
    assert separator
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


# --- the WARC writer ---------------------------------------------------------------------------


def test_records_are_warcinfo_then_response_and_request(tmp_path: Path) -> None:
    data = warc_bytes([EXCHANGE], "x.warc.gz")
    info, response, request = records(data)
    assert [r.rec_type for r in (info, response, request)] == ["warcinfo", "response", "request"]
    assert info.rec_headers.get_header("WARC-Filename") == "x.warc.gz"
    assert info.body.startswith(b"software: pressclip/")
    for record in (info, response, request):
        assert record.rec_headers.protocol == "WARC/1.1"
    assert response.rec_headers.get_header("WARC-Target-URI") == EXCHANGE.url
    assert response.rec_headers.get_header("WARC-Date") == "2024-05-06T07:08:09.123456Z"
    assert request.rec_headers.get_header("WARC-Concurrent-To") == (
        response.rec_headers.get_header("WARC-Record-ID")
    )
    assert response.http_headers.statusline == "200 OK"
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert response.http_headers.get_header("Content-Length") == str(len(EXCHANGE.payload))
    assert [v for k, v in response.http_headers.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert response.body == b"<p>hello</p>"  # warcio undoes the gzip the header declares
    assert str(request.http_headers).startswith("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\n")
    path = tmp_path / "x.warc.gz"
    path.write_bytes(data)
    checked = warcio("check", str(path))
    assert (checked.returncode, checked.stderr) == (0, "")


def test_a_redirect_is_recorded_with_an_empty_body() -> None:
    hop = Exchange(
        "http://example.com/", "GET", (("Host", "example.com"),), "HTTP/1.1", 301,
        "Moved Permanently", (("Location", "https://example.com/"), ("Content-Length", "178")),
        b"", "2024-05-06T07:08:09.000001+00:00",
    )  # fmt: skip
    _, response, _ = records(warc_bytes([hop], "x.warc.gz"))
    assert response.http_headers.statusline == "301 Moved Permanently"
    assert response.http_headers.get_header("Content-Length") == "0"
    assert response.body == b""


# --- what a fetch records ----------------------------------------------------------------------


def test_fetch_records_every_hop_and_keeps_the_content_coding(server: LocalServer) -> None:
    body = gzip.compress(PAGE)
    server.route("/old", redirect("/new", 301))
    server.route("/new", Reply(body=body, headers=(("Content-Encoding", "gzip"),)))
    page = fetch(server.url("/old"), FAST)
    first, last = page.exchanges
    assert (first.url, first.status, first.reason, first.payload) == (
        server.url("/old"), 301, "Moved Permanently", b"",
    )  # fmt: skip
    assert ("Location", "/new") in first.response_headers
    assert (last.url, last.status, last.payload) == (server.url("/new"), 200, body)
    assert page.content == PAGE
    host = f"127.0.0.1:{server.port}"
    assert last.request_headers[0] == ("Host", host)
    sent = dict(last.request_headers)
    assert sent["User-Agent"] == server.received[1].headers["user-agent"]
    assert last.http_version == "HTTP/1.1"


def test_a_saved_page_has_no_exchanges(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE)
    result = archive(str(saved), str(tmp_path / "out.md"))
    assert result.page.exchanges == ()


# --- archive(..., save_html=True, warc=True) ----------------------------------------------------


def serve(server: LocalServer) -> str:
    server.route("/go", redirect("/story"))
    server.route("/story", Reply(body=gzip.compress(PAGE), headers=(("Content-Encoding", "gzip"),)))
    server.route("/lead.png", Reply(body=PNG, content_type="image/png"))
    return server.url("/go")


def test_saved_html_warc_and_provenance_agree(server: LocalServer, tmp_path: Path) -> None:
    url = serve(server)
    result = run(
        url, "-o", tmp_path, "--save-html", "--warc", "--images", "--allow-private-network"
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(os.listdir(tmp_path)) == [NAME, f"{NAME}.html", f"{NAME}.md", f"{NAME}.warc.gz"]
    html = (tmp_path / f"{NAME}.html").read_bytes()
    assert html == PAGE  # the bytes as served, before character decoding
    meta = front_matter(tmp_path / f"{NAME}.md")
    assert meta["source"] == url
    assert meta["fetched_url"] == server.url("/story")
    assert meta["status"] == 200
    assert meta["sha256"] == hashlib.sha256(html).hexdigest()

    warc = tmp_path / f"{NAME}.warc.gz"
    checked = warcio("check", "-v", str(warc))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("digest pass") == 7  # warcinfo + 3 responses + 3 requests
    index = [json.loads(line) for line in warcio("index", str(warc)).stdout.splitlines()]
    assert [(entry["warc-type"], entry.get("warc-target-uri")) for entry in index] == [
        ("warcinfo", None),
        ("response", url),
        ("request", url),
        ("response", server.url("/story")),
        ("request", server.url("/story")),
        ("response", server.url("/lead.png")),
        ("request", server.url("/lead.png")),
    ]
    responses = [r for r in records(warc.read_bytes()) if r.rec_type == "response"]
    assert responses[1].body == html
    assert responses[1].http_headers.get_header("Content-Encoding") == "gzip"  # kept, as sent
    assert responses[2].body == (tmp_path / NAME / "lead.png").read_bytes()


def test_warc_without_images_records_only_the_page(server: LocalServer, tmp_path: Path) -> None:
    url = serve(server)
    archive(url, str(tmp_path), warc=True, options=FAST)
    found = records((tmp_path / f"{NAME}.warc.gz").read_bytes())
    responses = [r for r in found if r.rec_type == "response"]
    targets = [r.rec_headers.get_header("WARC-Target-URI") for r in responses]
    assert targets == [url, server.url("/story")]
    assert server.count("/lead.png") == 0


def test_warc_of_a_saved_page_is_a_usage_error(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE)
    result = run(saved, "-o", tmp_path, "--warc")
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr == (
        "Error: --warc needs a URL SOURCE: a saved page has no HTTP exchange to record\n"
    )
    assert os.listdir(tmp_path) == ["page.html"]


def test_save_html_of_a_saved_page_copies_it(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE)
    result = archive(str(saved), str(tmp_path / "out.md"), save_html=True)
    assert result.companions == (tmp_path / "out.html",)
    assert (tmp_path / "out.html").read_bytes() == PAGE
    assert front_matter(tmp_path / "out.md")["sha256"] == hashlib.sha256(PAGE).hexdigest()


def test_existing_html_is_not_overwritten(server: LocalServer, tmp_path: Path) -> None:
    url = serve(server)
    (tmp_path / f"{NAME}.html").write_bytes(b"mine")
    result = run(url, "-o", tmp_path, "--save-html", "--warc")
    assert result.exit_code == ExitCode.LOCAL_FILE
    assert result.stderr == (f"Error: exists: {tmp_path / NAME}.html (use --force to overwrite)\n")
    assert sorted(os.listdir(tmp_path)) == [f"{NAME}.html"]
    assert (tmp_path / f"{NAME}.html").read_bytes() == b"mine"


def test_a_failure_after_staging_removes_what_was_placed(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown is linked last; if that fails, the HTML and WARC placed before go too."""
    url = serve(server)
    original = os.link

    def link(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if str(target).endswith(".md"):
            raise OSError(28, "No space left on device")
        original(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    result = run(url, "-o", tmp_path, "--save-html", "--warc")
    assert result.exit_code == ExitCode.LOCAL_FILE
    assert result.stderr == f"Error: no space left on device: {tmp_path / NAME}.md\n"
    assert os.listdir(tmp_path) == []
