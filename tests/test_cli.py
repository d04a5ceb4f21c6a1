"""The command line: exit codes, the exact ``Error:`` line, and what lands on disk.

Pages come from a real HTTP server on 127.0.0.1 (``server`` fixture) or from
``examples/``; every failure test also checks that the output folder is left
exactly as it was.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pressclip import __version__, cli
from pressclip.errors import (
    ContentError,
    ExitCode,
    HTTPStatusError,
    LocalFileError,
    NetworkError,
    NoArticleError,
    OutputExistsError,
    PressclipError,
    TLSError,
    UsageError,
)
from pressclip.fetch import FetchOptions
from pressclip.model import Article
from pressclip.render import FORMATS
from server import LocalServer, Reply, never_respond

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "trackpersia.html"
EXAMPLE_NAME = (
    "2016-09-11-last-members-of-iranian-mujahedin-e-khalq-group-leave-iraq-for-albania.md"
)

ARTICLE_HTML = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm - Coast News</title>
<meta property="og:site_name" content="Coast News">
<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">
</head><body><nav><a href="/">Home</a></nav><article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a week of repairs to the sea wall, the port said.</p>
<p>Fishing boats returned to their moorings in the afternoon, and the ferry resumes on Friday.</p>
</article><footer>All rights reserved</footer></body></html>"""
ARTICLE_NAME = "2024-03-05-harbour-reopens-after-storm.md"
FIRST_PARAGRAPH = (
    "The harbour reopened on Tuesday after a week of repairs to the sea wall, the port said."
)
EMPTY_HTML = b"<html><body></body></html>"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
ERROR_LINE = re.compile(r"\AError: [^\n]+\n\Z")


def run(
    *args: str | os.PathLike[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """Run the command in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(cli.command, [os.fspath(arg) for arg in args], input=stdin, env=env)


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder``, hidden temp files included."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def assert_failed(result: Result, code: int, message: str) -> None:
    """Exit ``code``, exactly one line ``Error: message`` on stderr, nothing on stdout."""
    assert (result.exit_code, result.stderr, result.stdout) == (code, f"Error: {message}\n", "")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with an empty temporary folder as the current folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- usage and invalid URLs: exit 2 -----------------------------------------


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("example.com", "missing scheme (use http:// or https://)"),
        ("www.example.com/news/story", "missing scheme (use http:// or https://)"),
        ("javascript:alert(1)", "only http and https URLs are supported"),
        ("file:///etc/passwd", "only http and https URLs are supported"),
        ("http://", "no host"),
        ("https://exa mple.com/", "contains spaces or control characters"),
    ],
)
def test_invalid_url_is_a_usage_error(in_tmp: Path, source: str, problem: str) -> None:
    assert_failed(run(source), ExitCode.USAGE, f"invalid URL {source!r}: {problem}")
    assert listing(in_tmp) == []


def test_invalid_url_option_is_a_usage_error(in_tmp: Path) -> None:
    result = run(EXAMPLE, "--url", "javascript:alert(1)", "-o", in_tmp)
    message = "invalid URL 'javascript:alert(1)': only http and https URLs are supported"
    assert_failed(result, ExitCode.USAGE, message)
    assert listing(in_tmp) == []


def test_url_option_with_a_url_source_is_refused(server: LocalServer, tmp_path: Path) -> None:
    result = run(server.url("/"), "--url", "https://example.com/", "-o", tmp_path)
    message = "--url is for a saved page or stdin; a URL source gives its own"
    assert_failed(result, ExitCode.USAGE, message)
    assert server.received == []


@pytest.mark.parametrize(
    ("args", "subject"),
    [
        ((), "'SOURCE'"),
        (("x", "--bogus"), "--bogus"),
        (("x", "--format", "pdf"), "'pdf'"),
        (("x", "--timeout", "0"), "--timeout"),
        (("x", "--user-agent", "bad\nagent"), "must be printable ASCII"),
    ],
)
def test_click_usage_errors_are_one_line(in_tmp: Path, args: tuple[str, ...], subject: str) -> None:
    """Click words these messages itself, so only their shape and subject are pinned."""
    result = run(*args)
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert ERROR_LINE.match(result.stderr)
    assert subject in result.stderr
    assert result.stderr.endswith(" (try 'pressclip --help')\n")


# --- local files: exit 3 ------------------------------------------------------


def test_missing_input_file(in_tmp: Path) -> None:
    assert_failed(run("missing.html"), ExitCode.LOCAL_FILE, "no such file: missing.html")
    missing = in_tmp / "saved" / "page"
    assert_failed(run(missing), ExitCode.LOCAL_FILE, f"no such file: {missing}")
    assert listing(in_tmp) == []


def test_directory_as_input(in_tmp: Path) -> None:
    (in_tmp / "pages").mkdir()
    assert_failed(run("pages"), ExitCode.LOCAL_FILE, "not a file but a directory: pages")


def test_control_characters_in_a_message_are_escaped(in_tmp: Path) -> None:
    result = run("bad\x1b[31m\nname.html")
    assert_failed(result, ExitCode.LOCAL_FILE, "no such file: bad\\x1b[31m\\nname.html")


def test_existing_target_is_left_untouched(in_tmp: Path) -> None:
    target = in_tmp / EXAMPLE_NAME
    target.write_text("my notes\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    before = target.stat()

    result = run(EXAMPLE)

    assert_failed(result, ExitCode.LOCAL_FILE, f"exists: {target} (use --force to overwrite)")
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    assert target.read_text() == "my notes\n"
    assert listing(in_tmp) == [EXAMPLE_NAME]


def test_force_replaces_the_target(in_tmp: Path) -> None:
    target = in_tmp / EXAMPLE_NAME
    target.write_text("my notes\n")

    result = run(EXAMPLE, "--force")

    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{target}\n", "")
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: Last members of")
    assert listing(in_tmp) == [EXAMPLE_NAME]


def test_missing_output_folder_fails_before_any_request(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route("/story", Reply(body=ARTICLE_HTML))
    missing = tmp_path / "missing"
    result = run(server.url("/story"), "-o", f"{missing}/")
    assert_failed(result, ExitCode.LOCAL_FILE, f"output folder does not exist: {missing}/")
    assert server.received == []
    assert listing(tmp_path) == []


def test_output_folder_that_is_a_file_fails_before_any_request(
    server: LocalServer, tmp_path: Path
) -> None:
    (tmp_path / "notes.md").write_text("x")
    result = run(server.url("/story"), "-o", tmp_path / "notes.md" / "page.md")
    message = f"output folder is not a directory: {tmp_path / 'notes.md'}"
    assert_failed(result, ExitCode.LOCAL_FILE, message)
    assert server.received == []


# --- network, content and HTTP failures ---------------------------------------


def test_not_found_is_exit_8(server: LocalServer, tmp_path: Path) -> None:
    url = server.url("/gone")
    assert_failed(run(url, "-o", tmp_path), ExitCode.HTTP_STATUS, f"HTTP 404 Not Found: {url}")
    assert server.count("/gone") == 1
    assert listing(tmp_path) == []


def test_non_html_is_exit_7(server: LocalServer, tmp_path: Path) -> None:
    server.route("/file.pdf", Reply(body=PDF, content_type="application/pdf"))
    url = server.url("/file.pdf")
    result = run(url, "-o", tmp_path)
    assert_failed(result, ExitCode.CONTENT, f"expected HTML, got application/pdf: {url}")
    assert listing(tmp_path) == []


def test_page_without_article_is_exit_7_and_writes_nothing(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route("/empty", Reply(body=EMPTY_HTML))
    result = run(server.url("/empty"), "-o", tmp_path)
    assert_failed(result, ExitCode.CONTENT, "no article content found")
    assert listing(tmp_path) == []


def test_unreachable_server_is_exit_4(closed_url: str, tmp_path: Path) -> None:
    result = run(closed_url, "-o", tmp_path, "--timeout", "1", "-q")
    assert_failed(result, ExitCode.NETWORK, f"connection refused: {closed_url}")
    assert listing(tmp_path) == []


def test_retries_are_logged_unless_quiet(server: LocalServer, tmp_path: Path) -> None:
    url = server.url("/flaky")
    server.route("/flaky", Reply(503), Reply(body=ARTICLE_HTML))
    logged = run(url, "-o", tmp_path)
    assert logged.exit_code == 0
    assert logged.stderr == f"retrying {url} in 0.5s (HTTP 503)\n"

    server.route("/flaky", Reply(503), Reply(body=ARTICLE_HTML))
    quiet = run(url, "-o", tmp_path, "--force", "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert server.count("/flaky") == 4


def test_timeout_is_the_total_deadline(server: LocalServer, tmp_path: Path) -> None:
    server.route("/stall", never_respond)
    url = server.url("/stall")
    start = time.monotonic()
    result = run(url, "-o", tmp_path, "--timeout", "0.5")
    assert time.monotonic() - start < 5
    assert_failed(result, ExitCode.NETWORK, f"download exceeded total time limit (0.5s): {url}")


def test_user_agent_is_sent(server: LocalServer, tmp_path: Path) -> None:
    server.route("/story", Reply(body=ARTICLE_HTML))
    result = run(server.url("/story"), "-o", tmp_path, "--user-agent", "pressclip-test/1.0")
    assert result.exit_code == 0
    assert server.received[0].headers["user-agent"] == "pressclip-test/1.0"


@pytest.mark.parametrize(
    ("timeout", "connect", "read"),
    [(5.0, 5.0, 5.0), (20.0, 10.0, 20.0), (600.0, 10.0, 30.0)],
)
def test_timeout_shortens_connect_and_read_timeouts(
    timeout: float, connect: float, read: float
) -> None:
    options = cli.fetch_options(timeout, None)
    assert options == FetchOptions(timeout=timeout, connect_timeout=connect, read_timeout=read)


def test_help_states_the_fetch_defaults() -> None:
    """``--help`` cannot import the fetcher, so its stated default is checked here."""
    result = run("--help")
    assert result.exit_code == 0
    assert f"[default: {FetchOptions().timeout:g}]" in " ".join(result.stdout.split())


def test_fetch_options_default_to_none_and_keep_user_agent() -> None:
    assert cli.fetch_options(None, None) is None
    assert cli.fetch_options(None, "UA/1") == FetchOptions(user_agent="UA/1")


# --- success ------------------------------------------------------------------


def test_url_is_archived_and_only_the_path_is_printed(server: LocalServer, tmp_path: Path) -> None:
    server.route("/story", Reply(body=ARTICLE_HTML))
    result = run(server.url("/story"), "-o", tmp_path)
    target = tmp_path / ARTICLE_NAME
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{target}\n", "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Harbour reopens after storm\n")
    assert f"\nsource: {server.url('/story')}\n" in text
    assert f"\n{FIRST_PARAGRAPH}\n" in text
    assert listing(tmp_path) == [ARTICLE_NAME]


def test_default_output_is_the_current_folder(in_tmp: Path) -> None:
    result = run(EXAMPLE)
    assert (result.exit_code, result.stdout) == (0, f"{in_tmp / EXAMPLE_NAME}\n")
    assert listing(in_tmp) == [EXAMPLE_NAME]


def test_output_file_is_written_there(tmp_path: Path) -> None:
    target = tmp_path / "clip.md"
    result = run(EXAMPLE, "-o", target)
    assert (result.exit_code, result.stdout) == (0, f"{target}\n")
    assert listing(tmp_path) == ["clip.md"]


def test_stdin_to_stdout(in_tmp: Path) -> None:
    result = run("-", "-o", "-", stdin=ARTICLE_HTML)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("---\ntitle: Harbour reopens after storm\n")
    assert f"\n# Harbour reopens after storm\n\n{FIRST_PARAGRAPH}\n" in result.stdout
    assert listing(in_tmp) == []


def test_stdin_without_article_is_exit_7(in_tmp: Path) -> None:
    assert_failed(run("-", stdin=EMPTY_HTML), ExitCode.CONTENT, "no article content found")
    assert listing(in_tmp) == []


def test_json_prints_every_article_key_and_the_fetch_record(
    server: LocalServer, in_tmp: Path
) -> None:
    url = server.url("/story")
    server.route("/story", Reply(body=ARTICLE_HTML))
    result = run(url, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert set(data) == {field.name for field in fields(Article)} | {"fetch"}
    assert data["title"] == "Harbour reopens after storm"
    assert data["date_published"] == "2024-03-05T08:00:00+01:00"
    assert data["text"].startswith(FIRST_PARAGRAPH)
    assert data["fetch"]["source"] == data["fetch"]["fetched_url"] == url
    assert data["fetch"]["status"] == 200
    assert data["fetch"]["content_type"] == "text/html"
    assert listing(in_tmp) == []


def test_text_prints_title_and_paragraphs(in_tmp: Path) -> None:
    result = run("-", "--format", "text", stdin=ARTICLE_HTML)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Harbour reopens after storm\n\n{FIRST_PARAGRAPH}\n\n")
    assert "All rights reserved" not in result.stdout
    assert listing(in_tmp) == []


@pytest.mark.parametrize(("fmt", "extension"), [("json", ".json"), ("text", ".txt")])
def test_json_and_text_into_a_folder_get_their_extension(
    tmp_path: Path, fmt: str, extension: str
) -> None:
    name = EXAMPLE_NAME.removesuffix(".md") + extension
    result = run(EXAMPLE, "--format", fmt, "-o", tmp_path)
    assert (result.exit_code, result.stdout) == (0, f"{tmp_path / name}\n")
    assert listing(tmp_path) == [name]


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"pressclip, version {__version__}\n")


def test_python_m_pressclip_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pressclip", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        0,
        f"pressclip, version {__version__}\n",
        "",
    )


def test_real_process_reads_stdin_and_reports_one_line(tmp_path: Path) -> None:
    """The installed entry point, with an empty stdin as in CI."""
    completed = subprocess.run(
        [sys.executable, "-m", "pressclip", "-", "-o", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (
        ExitCode.CONTENT,
        "Error: no article content found\n",
    )
    assert listing(tmp_path) == []


def test_real_sigint_during_download_is_exit_130(server: LocalServer, tmp_path: Path) -> None:
    server.route("/stall", never_respond)
    process = subprocess.Popen(
        [sys.executable, "-m", "pressclip", server.url("/stall"), "-o", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while server.count("/stall") == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert (process.returncode, stdout, stderr) == (130, "", "Error: interrupted\n")
    assert listing(tmp_path) == []


# --- unexpected failures --------------------------------------------------------


def fail_with(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make the library call raise ``exc``."""

    def archive(*args: object, **kwargs: object) -> None:
        raise exc

    # The module object itself: ``pressclip.archive`` may name the function or the module.
    monkeypatch.setattr(importlib.import_module("pressclip.archive"), "archive", archive)


def test_keyboard_interrupt_is_exit_130(monkeypatch: pytest.MonkeyPatch, in_tmp: Path) -> None:
    fail_with(monkeypatch, KeyboardInterrupt())
    assert_failed(run(EXAMPLE), ExitCode.INTERRUPTED, "interrupted")


def test_internal_error_is_one_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path
) -> None:
    fail_with(monkeypatch, RuntimeError("boom\nsecond line"))
    result = run(EXAMPLE)
    assert_failed(
        result,
        ExitCode.INTERNAL,
        "internal error: RuntimeError: boom\\nsecond line (this is a bug in pressclip: "
        "please report it, with the output of PRESSCLIP_DEBUG=1)",
    )


def test_internal_pressclip_error_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path
) -> None:
    fail_with(monkeypatch, PressclipError("front matter does not round-trip through YAML"))
    assert_failed(
        run(EXAMPLE),
        ExitCode.INTERNAL,
        "internal error: PressclipError: front matter does not round-trip through YAML "
        "(this is a bug in pressclip: please report it, with the output of PRESSCLIP_DEBUG=1)",
    )


@pytest.mark.parametrize(("args", "env"), [(("--debug",), {}), ((), {"PRESSCLIP_DEBUG": "1"})])
def test_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    fail_with(monkeypatch, RuntimeError("boom"))
    result = run(EXAMPLE, *args, env=env)
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: boom\n" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: internal error: RuntimeError: boom")


# --- the exit-code table ------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (UsageError("x"), 2),
        (LocalFileError("x"), 3),
        (OutputExistsError("x"), 3),
        (NetworkError("x"), 4),
        (TLSError("x"), 5),
        (ContentError("x"), 7),
        (NoArticleError("x"), 7),
        (HTTPStatusError("x"), 8),
        (PressclipError("x"), 1),
        (KeyboardInterrupt(), 130),
        (ValueError("x"), 1),
    ],
)
def test_failure_maps_each_exception_to_its_code(exc: BaseException, code: int) -> None:
    assert cli.failure(exc)[0] == code


def test_every_message_is_one_line() -> None:
    for exc in (UsageError("a\nb"), ValueError("a\rb\x00"), NetworkError("a\u2028b")):
        assert ERROR_LINE.match(f"Error: {cli.printable(cli.failure(exc)[1])}\n")


def test_readme_lists_every_exit_code() -> None:
    table = dict(
        re.findall(
            r"^\| *`?(\d+)`? *\| *`?([A-Z_]+)`? *\|", README.read_text(encoding="utf-8"), re.M
        )
    )
    assert table == {str(int(code)): code.name for code in ExitCode}


def test_cli_formats_match_the_renderer() -> None:
    assert cli.FORMATS == FORMATS


def test_the_command_skips_bs4s_css_engine_and_still_archives(tmp_path: Path) -> None:
    """soupsieve is a fifth of the start-up; pressclip never selects by CSS."""
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "from pressclip import cli\n"
        "cli.skip_unused_imports()\n"
        "from pressclip.extract import extract\n"
        "from pathlib import Path\n"
        "article = extract(Path(sys.argv[1]).read_bytes())\n"
        "print(article.title, sys.modules.get('soupsieve') is not None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith(" False\n")
    assert done.stdout.startswith("Last members of Iranian")
