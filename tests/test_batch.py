"""Many articles at once: reading lists, politeness per host, the summary and the exit code.

Three real HTTP servers on 127.0.0.1 stand for three hosts (a host is a name
and a port). Each counts the requests it is handling at once, from the moment
a request arrives to the moment just before its reply is sent, so that a
second request to the same host while the first is unanswered is caught.
"""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pressclip import cli
from pressclip.archive import ArchiveResult
from pressclip.batch import (
    DEFAULT_DELAY,
    DEFAULT_JOBS,
    HostGate,
    Outcome,
    archive_many,
    archived_sources,
    batch_exit_code,
    front_matter_source,
    host_key,
    parse_list,
    read_list,
)
from pressclip.errors import ExitCode, LocalFileError, UsageError
from pressclip.fetch import FetchOptions, fetch
from server import LocalServer, Reply, RequestHandler
from story import STORY_HTML

FAST = FetchOptions(backoff=0.01, timeout=10, connect_timeout=2, read_timeout=5, retries=0)
HOLD_SECONDS = 0.02
"""How long a handler keeps a request in flight, to give overlapping requests a chance to show."""
PDF = b"%PDF-1.7\n"
EMPTY = b"<html><body></body></html>"


def story(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title>"
        "<meta property='article:published_time' content='2024-03-05T08:00:00+00:00'></head>"
        f"<body><article><h1>{title}</h1>{STORY_HTML}</article></body></html>"
    ).encode()


def md_name(title: str) -> str:
    return f"2024-03-05-{title.lower().replace(' ', '-')}.md"


class Host:
    """A server that records how many requests it handles at the same time."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0

    def serve(self, path: str, reply: Reply) -> str:
        def handle(handler: RequestHandler) -> None:
            with self.lock:
                self.in_flight += 1
                self.peak = max(self.peak, self.in_flight)
            time.sleep(HOLD_SECONDS)
            with self.lock:
                self.in_flight -= 1
            handler.send_reply(reply)

        self.server.route(path, handle)
        return self.server.url(path)


@pytest.fixture
def hosts(direct: None) -> Iterator[list[Host]]:
    with LocalServer() as a, LocalServer() as b, LocalServer() as c:
        yield [Host(a), Host(b), Host(c)]


def run(*args: str | os.PathLike[str], stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli.command, [os.fspath(arg) for arg in args], input=stdin)


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --- reading lists -------------------------------------------------------------------------


def test_list_lines_blank_lines_and_comments() -> None:
    text = "# my list\nhttps://a.test/1\n\n   https://a.test/2  \n  # later\nsaved.html\r\n"
    assert parse_list(text) == ["https://a.test/1", "https://a.test/2", "saved.html"]


def test_list_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"\xef\xbb\xbfhttps://a.test/1\n")
    assert read_list(str(path)) == ["https://a.test/1"]


def test_list_that_is_not_utf8_is_a_local_file_error(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"https://a.test/caf\xe9\n")
    with pytest.raises(LocalFileError, match="^reading list is not UTF-8 text: "):
        read_list(str(path))


def test_missing_list_is_exit_3(tmp_path: Path) -> None:
    result = run("-i", tmp_path / "nope.txt", "-o", tmp_path)
    assert (result.exit_code, result.stdout) == (ExitCode.LOCAL_FILE, "")
    assert result.stderr == f"Error: no such file: {tmp_path / 'nope.txt'}\n"


# --- hosts and exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://Example.com/a", "example.com"),
        ("http://example.com:80/a", "example.com"),
        ("https://example.com:443/a", "example.com"),
        ("http://example.com:8080/a", "example.com:8080"),
        ("http://127.0.0.1:5000/", "127.0.0.1:5000"),
        ("http://[::1]:8000/", "::1:8000"),
    ],
)
def test_host_key(url: str, key: str) -> None:
    assert host_key(url) == key


@pytest.mark.parametrize(
    ("codes", "interrupted", "expected"),
    [
        ([], False, 0),
        ([8, 8], False, 8),
        ([7, 8, 2], False, 8),
        ([7, 4, 8], False, 4),
        ([4, 5], False, 5),
        ([8, 3], False, 3),
        ([3, 1], False, 1),
        ([2], False, 2),
        ([8], True, 130),
        ([], True, 130),
    ],
)
def test_batch_exit_code_is_the_most_relevant(
    codes: list[int], interrupted: bool, expected: int
) -> None:
    assert batch_exit_code(codes, interrupted=interrupted) == expected


def test_cli_defaults_match_the_library() -> None:
    """The CLI repeats them so that ``--help`` does not import the batch module."""
    assert (cli.BATCH_JOBS, cli.BATCH_DELAY) == (DEFAULT_JOBS, DEFAULT_DELAY)


def test_gate_stop_wakes_a_waiting_request() -> None:
    gate = HostGate(delay=600)
    with gate.slot("http://a.test/1"):
        pass
    gate.stop()
    with pytest.raises(KeyboardInterrupt), gate.slot("http://a.test/2"):
        raise AssertionError("unreachable: the slot is refused")  # pragma: no cover


def test_waiting_for_the_host_does_not_count_against_the_deadline(hosts: list[Host]) -> None:
    url = hosts[0].serve("/s", Reply(body=story("Story")))
    gate = HostGate(delay=1.2)
    options = FetchOptions(timeout=1)
    fetch(url, options, gate=gate.slot)
    page = fetch(url, options, gate=gate.slot)  # waits 1.2 s for its turn, then fetches
    assert page.status == 200


# --- front matter of earlier runs -------------------------------------------------------------


def test_archived_sources_come_from_markdown_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\nsource: https://a.test/1\n---\n\n# A\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\n---\n\nno source: https://a.test/2\n")
    (tmp_path / "c.md").write_text("# no front matter\nsource: https://a.test/3\n")
    (tmp_path / "d.md").write_text("---\nsource: [unclosed\n---\n")
    (tmp_path / "e.txt").write_text("---\nsource: https://a.test/5\n---\n")
    (tmp_path / "f.md").write_text("---\nsource: 12\n---\n")
    assert archived_sources(tmp_path) == {"https://a.test/1": tmp_path / "a.md"}
    assert front_matter_source(tmp_path / "missing.md") is None


# --- the batch ------------------------------------------------------------------------------


def twenty_sources(hosts: list[Host]) -> tuple[list[str], dict[str, str]]:
    """Twenty URLs over three hosts: seventeen stories, three failures (expected messages)."""
    urls = []
    for number in range(17):
        host = hosts[number % 3]
        urls.append(host.serve(f"/story-{number}", Reply(body=story(f"Story {number}"))))
    missing = hosts[0].serve("/missing", Reply(404, b"gone", content_type="text/plain"))
    pdf = hosts[1].serve("/report.pdf", Reply(body=PDF, content_type="application/pdf"))
    empty = hosts[2].serve("/empty", Reply(body=EMPTY))
    failures = {
        missing: f"HTTP 404 Not Found: {missing}",
        pdf: f"expected HTML, got application/pdf: {pdf}",
        empty: "no article content found",
    }
    return [*urls[:5], missing, *urls[5:11], pdf, *urls[11:], empty], failures


def test_twenty_urls_over_three_hosts(hosts: list[Host], tmp_path: Path) -> None:
    sources, failures = twenty_sources(hosts)
    listed = tmp_path / "list.txt"
    listed.write_text("# reading list\n" + "\n".join(sources) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    result = run("-i", listed, "-o", out, "--delay", "0.01")
    assert result.exit_code == ExitCode.HTTP_STATUS  # 404 outranks "not HTML" and "no article"
    assert [host.peak for host in hosts] == [1, 1, 1]
    names = [md_name(f"Story {number}") for number in range(17)]
    assert listing(out) == sorted(names)
    assert sorted(result.stdout.splitlines()) == sorted(str(out / name) for name in names)
    lines = result.stderr.splitlines()
    assert len(lines) == 20 + 1 + 3
    assert sorted(line.split("] ", 1)[0] for line in lines[:20]) == sorted(
        f"[{n}/20" for n in range(1, 21)
    )
    assert lines[20] == "archived 17, skipped 0, failed 3"
    assert sorted(lines[21:]) == sorted(f"  failed {url}: {why}" for url, why in failures.items())


def test_json_lines_include_failures(hosts: list[Host], tmp_path: Path) -> None:
    sources, failures = twenty_sources(hosts)
    seen: list[tuple[Outcome, ArchiveResult | None]] = []
    result = archive_many(
        sources, fmt="json", delay=0.01, options=FAST, on_outcome=lambda o, r: seen.append((o, r))
    )
    assert (result.count("archived"), result.count("failed")) == (17, 3)
    assert [outcome.source for outcome in result.outcomes] == sources
    assert {o.source: str(o.error) for o in result.failures} == failures
    assert len(seen) == 20 and all(r is None or r.path is None for _, r in seen)
    assert [host.peak for host in hosts] == [1, 1, 1]

    cli_result = run(*sources, "--format", "json", "--delay", "0.01", "-q", "-o", "-")
    records = [json.loads(line) for line in cli_result.stdout.splitlines()]
    assert (cli_result.exit_code, cli_result.stderr) == (ExitCode.HTTP_STATUS, "")
    assert sorted(r["source"] for r in records) == sorted(sources)
    by_source = {r["source"]: r for r in records}
    missing = next(iter(failures))
    assert by_source[missing] == {
        "source": missing,
        "outcome": "failed",
        "path": None,
        "reason": None,
        "error": failures[missing],
        "exit_code": 8,
        "image_failures": [],
        "article": None,
    }
    archived = by_source[sources[0]]
    assert (archived["outcome"], archived["exit_code"], archived["error"]) == ("archived", 0, None)
    assert archived["article"]["title"] == "Story 0"
    assert archived["article"]["fetch"]["status"] == 200


def test_skip_existing_fetches_nothing_the_second_time(hosts: list[Host], tmp_path: Path) -> None:
    sources = [hosts[n % 3].serve(f"/s{n}", Reply(body=story(f"Story {n}"))) for n in range(4)]
    first = run(*sources, "-o", tmp_path, "--delay", "0")
    assert first.exit_code == 0
    requests_before = [len(host.server.received) for host in hosts]
    again = run(*sources, "-o", tmp_path, "--skip-existing")
    assert [len(host.server.received) for host in hosts] == requests_before
    assert (again.exit_code, again.stdout) == (0, "")
    lines = again.stderr.splitlines()
    assert lines[0] == (
        f"[1/4] skipped {sources[0]}: already archived ({tmp_path / md_name('Story 0')})"
    )
    assert lines[-1] == "archived 0, skipped 4, failed 0"


def test_skip_existing_resumes_with_the_rest(hosts: list[Host], tmp_path: Path) -> None:
    sources = [hosts[0].serve(f"/s{n}", Reply(body=story(f"Story {n}"))) for n in range(3)]
    assert run(sources[0], "-o", tmp_path).exit_code == 0
    result = run(*sources, "-o", tmp_path, "--skip-existing", "--delay", "0")
    assert result.exit_code == 0
    assert hosts[0].server.count("/s0") == 1
    assert result.stderr.splitlines()[-1] == "archived 2, skipped 1, failed 0"
    assert listing(tmp_path) == sorted(md_name(f"Story {n}") for n in range(3))


def test_a_source_listed_twice_is_archived_once(hosts: list[Host], tmp_path: Path) -> None:
    url = hosts[0].serve("/s", Reply(body=story("Story")))
    result = run("-i", "-", "-o", tmp_path, stdin=f"{url}\n{url}\n")
    assert result.exit_code == 0
    assert hosts[0].server.count("/s") == 1
    assert f"[1/2] skipped {url}: listed twice" in result.stderr.splitlines()


def test_saved_pages_in_a_list(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.html").write_bytes(story(f"Saved {name}"))
    out = tmp_path / "out"
    out.mkdir()
    result = run(tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.html", "-o", out, "-q")
    assert (result.exit_code, result.stderr) == (ExitCode.LOCAL_FILE, "")
    assert listing(out) == [md_name("Saved a"), md_name("Saved b")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-o", "-"),
            "several articles cannot go to standard output as markdown: give -o FOLDER"
            " (or use --format json)",
        ),  # fmt: skip
        (("--url", "https://a.test/"), "--url is for one saved page, not for several sources"),
        (("-", "--format", "json"), "standard input ('-') cannot be one of several sources"),
        (
            ("--format", "json", "--skip-existing", "-o", "."),
            "--skip-existing reads Markdown front matter: it needs --format markdown",
        ),  # fmt: skip
    ],
)
def test_batch_usage_errors_come_before_any_request(
    hosts: list[Host], args: tuple[str, ...], message: str
) -> None:
    urls = [hosts[0].serve("/a", Reply(body=story("A"))), hosts[0].server.url("/b")]
    result = run(*urls, *args)
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr == f"Error: {message}\n"
    assert hosts[0].server.received == []


def test_output_must_be_an_existing_folder(hosts: list[Host], tmp_path: Path) -> None:
    urls = [hosts[0].server.url("/a"), hosts[0].server.url("/b")]
    result = run(*urls, "-o", tmp_path / "missing")
    assert result.exit_code == ExitCode.LOCAL_FILE
    assert result.stderr == (
        f"Error: with several sources, -o must be an existing folder: {tmp_path / 'missing'}\n"
    )
    assert hosts[0].server.received == []


def test_missing_source_and_list_is_a_usage_error() -> None:
    result = run("-o", ".")
    assert result.exit_code == ExitCode.USAGE
    assert (
        result.stderr == "Error: Missing argument 'SOURCE' (or -i FILE) (try 'pressclip --help')\n"
    )


def test_library_refuses_unknown_settings() -> None:
    with pytest.raises(TypeError, match="unexpected keyword arguments: colour"):
        archive_many(["https://a.test/"], colour="red")
    with pytest.raises(UsageError, match="^jobs must be a positive integer"):
        archive_many(["https://a.test/"], jobs=0)


# --- Ctrl-C -------------------------------------------------------------------------------


def test_interrupt_starts_nothing_new_and_leaves_only_whole_files(
    hosts: list[Host], tmp_path: Path
) -> None:
    """One worker, one host, a long delay: the second source waits at the gate when Ctrl-C comes."""
    sources = [hosts[0].serve(f"/s{n}", Reply(body=story(f"Story {n}"))) for n in range(3)]

    def interrupt(outcome: Outcome, result: ArchiveResult | None) -> None:
        if outcome.source == sources[0]:
            raise KeyboardInterrupt

    result = archive_many(
        sources, str(tmp_path), jobs=1, delay=600, options=FAST, on_outcome=interrupt
    )
    assert result.interrupted
    first, *stopped = result.outcomes
    assert (first.source, first.status) == (sources[0], "archived")
    # The second source may have reached the gate (then it fails) or not (then it never starts).
    assert all(isinstance(outcome.error, KeyboardInterrupt) for outcome in stopped)
    assert len(stopped) + result.not_started == 2
    assert hosts[0].server.count("/s1") == hosts[0].server.count("/s2") == 0
    assert listing(tmp_path) == [md_name("Story 0")]


def test_real_sigint_ends_the_batch_with_exit_130(hosts: list[Host], tmp_path: Path) -> None:
    sources = [hosts[0].serve(f"/s{n}", Reply(body=story(f"Story {n}"))) for n in range(3)]
    command = [sys.executable, "-m", "pressclip", *sources, "-o", str(tmp_path), "--delay", "600"]
    command += ["--jobs", "1"]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = tmp_path / md_name("Story 0")
        deadline = time.monotonic() + 30
        while not first.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert (process.returncode, stdout) == (130, f"{first}\n")
    assert stderr.endswith("\nError: interrupted\n")
    found = re.search(
        r"^archived 1, skipped 0, failed (\d), not started (\d) \(interrupted\)$", stderr, re.M
    )
    assert found is not None and int(found[1]) + int(found[2]) == 2
    assert listing(tmp_path) == [first.name]


# --- on a terminal -------------------------------------------------------------------------------


def test_progress_bar_on_a_terminal(hosts: list[Host], tmp_path: Path) -> None:
    sources = [hosts[n].serve("/s", Reply(body=story(f"Story {n}"))) for n in range(3)]
    controller, terminal = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "pressclip", *sources, "-o", str(tmp_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal, timeout=60,
            check=False,
        )  # fmt: skip
        os.close(terminal)
        shown = b""
        while chunk := _read_available(controller):
            shown += chunk
    finally:
        os.close(controller)
    assert completed.returncode == 0
    text = shown.decode()
    assert "archiving" in text
    assert "100%" in text
    assert text.rstrip().endswith("archived 3, skipped 0, failed 0")


def _read_available(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO once the terminal side is closed and drained
        return b""


# --- the "done when" ----------------------------------------------------------------


def test_reading_list_to_self_contained_folders_then_resume(
    hosts: list[Host], tmp_path: Path
) -> None:
    """Pages with images on two hosts: archived offline with WARCs; a rerun fetches nothing."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x02" * 100
    reply = Reply(body=png, content_type="image/png")
    images = [hosts[2].serve(f"/img/{n}.png", reply) for n in range(3)]
    sources = []
    for n in range(3):
        page = story(f"Story {n}").replace(
            b"</h1>",
            f"</h1><figure><img src='{images[n]}'><figcaption>C</figcaption></figure>".encode(),
        )
        sources.append(hosts[n % 2].serve(f"/s{n}", Reply(body=page)))
    listed = tmp_path / "list.txt"
    listed.write_text("\n".join(sources))
    out = tmp_path / "out"
    out.mkdir()
    args = ("-i", listed, "-o", out, "--images", "--warc", "--save-html", "--delay", "0")
    first = run(*args, "--allow-private-network")
    assert (first.exit_code, first.stderr.splitlines()[-1]) == (
        0,
        "archived 3, skipped 0, failed 0",
    )
    for n in range(3):
        stem = md_name(f"Story {n}").removesuffix(".md")
        text = (out / f"{stem}.md").read_text(encoding="utf-8")
        assert f"![]({stem}/{n}.png)" in text
        assert (out / stem / f"{n}.png").read_bytes() == png
        checked = subprocess.run(
            [sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])",
             "check", str(out / f"{stem}.warc.gz")],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    before = [len(host.server.received) for host in hosts]
    again = run(*args, "--skip-existing")
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.splitlines()[-1] == "archived 0, skipped 3, failed 0"
    assert [len(host.server.received) for host in hosts] == before
