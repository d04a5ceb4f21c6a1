"""Resource bounds: peak memory for a 20 MB page, time for a 100,000-deep page (issue 6).

    python -m bench.resources [--runs 3]

Each measurement archives one generated page in a fresh child process
(``archive()``, as the command runs it: read or fetch, extract, render, write)
and reads the child's peak resident set size (``ru_maxrss``) and wall time.
The 20 MB page is archived from a file and fetched from a server on 127.0.0.1;
a small page gives the baseline (the interpreter and pressclip's imports).
Prints one Markdown table; the README quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PAGE_LIMIT = 20_000_000
"""pressclip's default body cap; the big page stays just under it."""
DEEP = 100_000
PARAGRAPH = (
    "<p>The harbour reopened on Tuesday after a week of repairs to the sea wall, and the "
    "ferry resumes its crossings on Friday, the port authority said in a statement.</p>\n"
)
HEAD = "<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title></head>"

# Runs in the child: archive argv[1] (a path or URL) into argv[2], report time and peak RSS.
CHILD = """
import json, resource, sys, time
from pressclip.archive import archive
start = time.perf_counter()
archive(sys.argv[1], sys.argv[2], url=None if sys.argv[1].startswith("http") else
        "https://example.com/news/story.html", force=True)
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def small_page() -> bytes:
    body = PARAGRAPH * 5
    return (HEAD.format(title="Small") + f"<body><article><h1>Small</h1>{body}</article>").encode()


def big_page() -> bytes:
    """A story of paragraphs just under the body cap."""
    head = (HEAD.format(title="Big") + "<body><article><h1>Big</h1>").encode()
    tail = b"</article></body></html>"
    count = (PAGE_LIMIT - len(head) - len(tail)) // len(PARAGRAPH.encode())
    return head + PARAGRAPH.encode() * count + tail


def script_page() -> bytes:
    """A 5-paragraph story with inline script data up to the body cap (as app pages ship)."""
    story = small_page().replace(b"</article>", b"</article><script>var data = '")
    tail = b"';</script></body></html>"
    return story + b"x" * (PAGE_LIMIT - len(story) - len(tail)) + tail


def deep_page() -> bytes:
    nested = "<div>" * DEEP + PARAGRAPH * 5 + "</div>" * DEEP
    return (HEAD.format(title="Deep") + f"<body>{nested}</body></html>").encode()


@contextmanager
def serving(data: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 answering every GET with ``data`` as HTML."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 -- the name http.server looks up
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/news/story.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def measure(source: str, folder: Path, runs: int) -> tuple[float, float]:
    """Median seconds and highest peak MiB of ``runs`` children archiving ``source``."""
    seconds, peaks = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, source, str(folder / "out.md")],
            capture_output=True,
            text=True,
            check=True,
            env=_without_proxies(),
        )
        result = json.loads(done.stdout)
        seconds.append(result["seconds"])
        peaks.append(result["peak_mib"])
    return statistics.median(seconds), max(peaks)


def _without_proxies() -> dict[str, str]:
    """This environment minus proxy settings: the server is on 127.0.0.1."""
    proxies = {"http_proxy", "https_proxy", "all_proxy"}
    return {key: value for key, value in os.environ.items() if key.lower() not in proxies}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.resources", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="children per page (default 3)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        pages = {
            "small": small_page(),
            "big": big_page(),
            "script": script_page(),
            "deep": deep_page(),
        }
        for name, data in pages.items():
            (folder / f"{name}.html").write_bytes(data)
        cases = [
            ("baseline: 5 paragraphs, from a file", "small"),
            ("20 MB page: 19.99 MB of paragraphs, from a file", "big"),
            ("20 MB page: 5 paragraphs and 19.99 MB of inline script, from a file", "script"),
            ("100,000 nested <div>, from a file", "deep"),
        ]
        for label, name in cases:
            source = str(folder / f"{name}.html")
            rows.append((label, len(pages[name]), *measure(source, folder, args.runs)))
        with serving(pages["big"]) as url:
            label = "20 MB page, fetched over HTTP from 127.0.0.1"
            rows.append((label, len(pages["big"]), *measure(url, folder, args.runs)))
    print("| page | bytes | median seconds | peak RSS (MiB) |")
    print("| --- | ---: | ---: | ---: |")
    for label, size, seconds, peak in rows:
        print(f"| {label} | {size:,} | {seconds:.2f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
