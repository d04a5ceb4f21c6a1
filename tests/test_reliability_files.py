"""Hostile titles, file systems and metadata, end to end (issue 6, RELIABILITY.md §3.3-3.4).

Names: whatever the title, the file lands inside the output folder under a
name valid on Linux, macOS and Windows. File system: an existing file is
never clobbered, a symlink is never written through, a bad folder fails
before any request, a full disk or an interrupt leaves the folder as it was.
Front matter: every hostile value loads back with ``yaml.safe_load`` as the
one-line string the README promises.

Failures are checked with the four outcomes of ``outcomes.py``.
"""

from __future__ import annotations

import errno
import html
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes import (
    VICTIM_TEXT,
    Workspace,
    assert_error_line,
    assert_four_outcomes,
    invoke,
    snapshot,
)
from pressclip.archive import archive
from pressclip.errors import ExitCode
from server import LocalServer, Reply, RequestHandler, never_respond
from story import STORY, STORY_HTML

DAY = "2024-03-05"
PAGE_URL = "https://example.com/news/2024/harbour-story.html"
SITE = "Coast News"
NAME_MAX_BYTES = 255
WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\.|$)", re.IGNORECASE)
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.tmp$")
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SUBPROCESS_TIMEOUT = 60


def page(title: str, description: str = "What happened at the harbour.", body: str = "") -> bytes:
    """A story page whose title and description are ``title`` and ``description``."""
    title_attr, description_attr = html.escape(title), html.escape(description)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f'<meta property="article:published_time" content="{DAY}T08:00:00+01:00">'
        f'<meta property="og:site_name" content="{SITE}">'
        f'<meta name="description" content="{description_attr}">'
        f"<title>{title_attr}</title></head><body><article>"
        f"<h1>{title_attr}</h1>{body}{STORY_HTML}</article></body></html>"
    ).encode()


def load_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter as ``yaml.safe_load`` reads it, and the Markdown after it."""
    assert text.startswith("---\n")
    head, separator, body = text[4:].partition("\n---\n")
    assert separator, "no closing delimiter"
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded, body


def archive_stdin(folder: Path, data: bytes, *args: str) -> Path:
    """Archive ``data`` (as if fetched from ``PAGE_URL``) into ``folder``; the file written."""
    result = invoke("-", "--url", PAGE_URL, "-o", folder, *args, stdin=data)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return Path(result.stdout.rstrip("\n"))


def assert_portable_name(path: Path, folder: Path) -> None:
    """Inside ``folder``, one component, valid on Linux, macOS and Windows."""
    name = path.name
    assert path.parent == folder
    assert path.resolve().parent == folder.resolve()
    assert name and name not in (".", "..") and not name.startswith((".", "-"))
    assert len(name.encode("utf-8")) <= NAME_MAX_BYTES
    assert not WINDOWS_FORBIDDEN & set(name)
    assert all(unicodedata.category(char)[0] != "C" for char in name)
    assert not name.endswith((".", " "))
    assert not WINDOWS_DEVICES.match(name)
    assert unicodedata.normalize("NFC", name) == name


# --- O1-O6: names -----------------------------------------------------------------------

NAMES = [
    ("O1", "../../etc/passwd", "etc-passwd"),
    ("O1", "/etc/passwd", "etc-passwd"),
    ("O1", "..\\..\\win.ini", "win-ini"),
    ("O1", "C:foo", "c-foo"),
    ("O1", 'a / b \\ c : d * e ? f " g < h > i | j', "a-b-c-d-e-f-g-h-i-j"),
    ("O2", "line\nbreak\rreturn\ttab", "line-break-return-tab"),
    ("O2", "esc \x1b[31mred\x07 bell", "esc-31mred-bell"),
    ("O2", "\u202egpj.exe", "gpj-exe"),
    ("O2", "zero\u200bwidth\u200djoin", "zerowidthjoin"),
    ("O3", "x" * 300, "x" * 80),
    ("O3", "é" * 200, "e" * 80),
    ("O3", "🎉" * 100 + " party", "party"),
    ("O4", "", "harbour-story"),
    ("O4", "   ", "harbour-story"),
    ("O4", ".", "harbour-story"),
    ("O4", "..", "harbour-story"),
    ("O4", ".bashrc", "bashrc"),
    ("O4", "-rf", "rf"),
    ("O4", "東京で記事を書く", "harbour-story"),
    ("O5", "CON", "con"),
    ("O5", "nul", "nul"),
    ("O5", "Com1.txt", "com1-txt"),
    ("O5", "LPT9", "lpt9"),
    ("O5", "aux.", "aux"),
    ("O5", "name. ", "name"),
    ("O6", unicodedata.normalize("NFD", "Café au lait"), "cafe-au-lait"),
    ("O6", unicodedata.normalize("NFC", "Café au lait"), "cafe-au-lait"),
]


@pytest.mark.parametrize(
    ("title", "slug"), [n[1:] for n in NAMES], ids=[f"{n[0]}-{ascii(n[1])[:24]}" for n in NAMES]
)
def test_hostile_title_gives_a_portable_name_inside_the_folder(
    tmp_path: Path, title: str, slug: str
) -> None:
    path = archive_stdin(tmp_path, page(title))
    assert path == tmp_path / f"{DAY}-{slug}.md"
    assert_portable_name(path, tmp_path)
    assert sorted(snapshot(tmp_path)) == [path.name]
    temp_name_bytes = len(f".{path.name}.0123abcd.tmp".encode())
    assert temp_name_bytes <= NAME_MAX_BYTES


def test_nfc_and_nfd_titles_meet_at_one_name(tmp_path: Path) -> None:
    """The second run finds the first one's file: exit 3, and the first file is kept."""
    first = archive_stdin(tmp_path, page(unicodedata.normalize("NFC", "Café au lait")))
    workspace_before = snapshot(tmp_path)
    result = invoke(
        "-", "--url", PAGE_URL, "-o", tmp_path,
        stdin=page(unicodedata.normalize("NFD", "Café au lait")),
    )  # fmt: skip
    assert_error_line(result, ExitCode.LOCAL_FILE, f"exists: {first} (use --force to overwrite)")
    assert snapshot(tmp_path) == workspace_before


@given(title=st.text(max_size=300))
@PROPERTY_SETTINGS
def test_any_title_gives_a_portable_name_inside_the_folder(
    tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    folder = tmp_path_factory.mktemp("names")
    result = archive("-", str(folder), url=PAGE_URL, stdin=io.BytesIO(page(title)))
    assert result.path is not None
    assert_portable_name(result.path, folder)
    assert result.path.name.startswith(f"{DAY}-") and result.path.name.endswith(".md")


# --- O7, O8: existing targets and symlinks ----------------------------------------------------


def test_existing_target_is_refused_without_force(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "out")
    result = invoke("-", "-o", workspace.victim, stdin=page("Harbour reopens"))
    message = f"exists: {workspace.victim} (use --force to overwrite)"
    assert_four_outcomes(result, workspace, ExitCode.LOCAL_FILE, message)


def test_force_replaces_the_target_atomically(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "out")
    old_inode = workspace.victim.stat().st_ino
    result = workspace.run("-", stdin=page("Harbour reopens"))
    assert (result.exit_code, result.stdout) == (0, f"{workspace.victim}\n")
    assert workspace.victim.stat().st_ino != old_inode  # a new file renamed in, not rewritten
    assert workspace.victim.read_text(encoding="utf-8").endswith(f"{STORY[-1]}\n")
    assert sorted(snapshot(workspace.folder)) == [workspace.victim.name]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_symlink_at_the_target_is_refused(tmp_path: Path, force: bool, dangling: bool) -> None:
    """A link planted at the target name, pointing at the user's file (or nowhere)."""
    workspace = Workspace(tmp_path / "out")
    link = workspace.folder / "link.md"
    link.symlink_to(tmp_path / "missing" if dangling else workspace.victim)
    workspace.before = snapshot(workspace.folder)
    args = ["--force"] if force else []
    result = invoke("-", "-o", link, *args, stdin=page("Harbour reopens"))
    message = f"refusing to write through symlink: {link}"
    assert_four_outcomes(result, workspace, ExitCode.LOCAL_FILE, message)
    assert not (tmp_path / "missing").exists()


def test_symlinked_output_folder_given_by_the_user_is_followed(tmp_path: Path) -> None:
    """Documented choice: a folder the user names is theirs, link or not."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    path = archive_stdin(tmp_path / "alias", page("Harbour reopens"))
    assert path == tmp_path / "alias" / f"{DAY}-harbour-reopens.md"
    assert sorted(snapshot(real)) == [path.name]


# --- O9: unusable output folders, checked before any request ------------------------------------


@pytest.fixture
def story_server(server: LocalServer) -> LocalServer:
    server.route("/story", Reply(body=page("Harbour reopens")))
    return server


def test_missing_output_folder_fails_before_any_request(
    story_server: LocalServer, tmp_path: Path
) -> None:
    workspace = Workspace(tmp_path / "out")
    missing = workspace.folder / "missing"
    result = invoke(story_server.url("/story"), "-o", f"{missing}/")
    assert_four_outcomes(
        result, workspace, ExitCode.LOCAL_FILE, f"output folder does not exist: {missing}/"
    )
    assert story_server.received == []


def test_output_folder_that_is_a_file_fails_before_any_request(
    story_server: LocalServer, tmp_path: Path
) -> None:
    workspace = Workspace(tmp_path / "out")
    result = invoke(story_server.url("/story"), "-o", workspace.victim / "page.md")
    message = f"output folder is not a directory: {workspace.victim}"
    assert_four_outcomes(result, workspace, ExitCode.LOCAL_FILE, message)
    assert story_server.received == []


def _mount_tmpfs(folder: Path, size: str) -> None:
    """A small tmpfs at ``folder``; skips the test where mounting is not allowed."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def read_only_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace the process cannot write to: mode 0555, or for root a read-only mount."""
    if os.geteuid() != 0:
        workspace = Workspace(tmp_path / "out")
        workspace.folder.chmod(0o555)
        workspace.before = snapshot(workspace.folder)
        yield workspace
        workspace.folder.chmod(0o755)
        return
    folder = tmp_path / "out"
    _mount_tmpfs(folder, "1m")
    try:
        workspace = Workspace(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield workspace
    finally:
        _unmount(folder)


def test_read_only_output_folder_fails_before_any_request(
    story_server: LocalServer, read_only_workspace: Workspace
) -> None:
    result = read_only_workspace.run(story_server.url("/story"))
    message = f"output folder is not writable: {read_only_workspace.folder}"
    assert_four_outcomes(result, read_only_workspace, ExitCode.LOCAL_FILE, message)
    assert story_server.received == []


# --- O10: a full disk --------------------------------------------------------------------------


def test_disk_full_while_writing_is_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace(tmp_path / "out")

    def no_space(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    result = workspace.run("-", stdin=page("Harbour reopens"))
    message = f"no space left on device: {workspace.victim}"
    assert_four_outcomes(result, workspace, ExitCode.LOCAL_FILE, message)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Workspace]:
    """A real 64 kB file system holding the user's file."""
    folder = tmp_path / "out"
    _mount_tmpfs(folder, "64k")
    try:
        yield Workspace(folder)
    finally:
        _unmount(folder)


def test_disk_full_on_a_real_tiny_file_system(tiny_disk: Workspace) -> None:
    long_story = "".join(f"<p>{paragraph}</p>" for paragraph in STORY * 120)
    result = tiny_disk.run("-", stdin=page("Harbour reopens", body=long_story))
    message = f"no space left on device: {tiny_disk.victim}"
    assert_four_outcomes(result, tiny_disk, ExitCode.LOCAL_FILE, message)


# --- O11, O12: interrupts, kill -9, and two runs racing (real processes) --------------------------

# Runs the command with os.fsync made to announce itself (by creating the file named
# in argv[1]) and then wait: the temp file is complete, nothing is linked yet.
PAUSE_IN_WRITE = """
import os, sys, time
marker = sys.argv.pop(1)
def paused_fsync(fd):
    open(marker, "w").close()
    time.sleep(60)
os.fsync = paused_fsync
from pressclip.cli import main
sys.argv[0] = "pressclip"
main()
"""


def child_env() -> dict[str, str]:
    """This environment without proxies (the server is on 127.0.0.1)."""
    proxies = {"http_proxy", "https_proxy", "all_proxy"}
    return {key: value for key, value in os.environ.items() if key.lower() not in proxies}


def start(*args: str | os.PathLike[str], code: str | None = None) -> subprocess.Popen[str]:
    prefix = ["-c", code] if code is not None else ["-m", "pressclip"]
    return subprocess.Popen(
        [sys.executable, *prefix, *map(os.fspath, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def wait_for(condition: Any, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the child never got there"
        time.sleep(0.02)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        stdout, stderr = process.communicate(timeout=SUBPROCESS_TIMEOUT)
    finally:
        process.kill()
    return process.returncode, stdout, stderr


def test_sigint_during_download(story_server: LocalServer, tmp_path: Path) -> None:
    story_server.route("/stall", never_respond)
    workspace = Workspace(tmp_path / "out")
    process = start(story_server.url("/stall"), "-o", workspace.victim, "--force")
    wait_for(lambda: story_server.count("/stall") > 0, process)
    process.send_signal(signal.SIGINT)
    assert finish(process) == (ExitCode.INTERRUPTED, "", "Error: interrupted\n")
    workspace.assert_unchanged()


def test_sigint_during_write(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "out")
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("Harbour reopens"))
    marker = tmp_path / "writing"
    process = start(marker, saved, "-o", workspace.victim, "--force", code=PAUSE_IN_WRITE)
    wait_for(marker.exists, process)
    temps = [name for name in os.listdir(workspace.folder) if TEMP_NAME.match(name)]
    assert len(temps) == 1  # the temp file exists while the signal arrives
    process.send_signal(signal.SIGINT)
    assert finish(process) == (ExitCode.INTERRUPTED, "", "Error: interrupted\n")
    workspace.assert_unchanged()


def test_kill_9_during_write_leaves_at_most_a_hidden_temp_file(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "out")
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("Harbour reopens"))
    marker = tmp_path / "writing"
    process = start(marker, saved, "-o", workspace.victim, "--force", code=PAUSE_IN_WRITE)
    wait_for(marker.exists, process)
    process.kill()
    process.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert process.returncode == -signal.SIGKILL
    left = sorted(set(snapshot(workspace.folder)) - set(workspace.before))
    assert len(left) == 1 and TEMP_NAME.match(left[0])
    assert TEMP_NAME.match(left[0])["name"] == workspace.victim.name  # type: ignore[index]
    assert workspace.victim.read_bytes() == VICTIM_TEXT

    rerun = invoke(saved, "-o", workspace.victim, "--force", "-q")
    assert (rerun.exit_code, rerun.stderr) == (0, "")
    assert workspace.victim.read_text(encoding="utf-8").endswith(f"{STORY[-1]}\n")


def test_two_runs_racing_for_one_name(server: LocalServer, tmp_path: Path) -> None:
    """Both requests are held until both arrived, so both runs write at once; one wins."""
    both_asked = threading.Barrier(2, timeout=SUBPROCESS_TIMEOUT)
    body = page("Harbour reopens")

    def after_both(handler: RequestHandler) -> None:
        both_asked.wait()
        handler.send_reply(Reply(body=body))

    server.route("/story", after_both)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"{DAY}-harbour-reopens.md"
    runs = [start(server.url("/story"), "-o", folder) for _ in range(2)]
    outcomes = sorted(finish(process) for process in runs)
    assert outcomes == [
        (0, f"{target}\n", ""),
        (ExitCode.LOCAL_FILE, "", f"Error: exists: {target} (use --force to overwrite)\n"),
    ]
    assert sorted(snapshot(folder)) == [target.name]
    assert target.read_text(encoding="utf-8").endswith(f"{STORY[-1]}\n")


# --- F1-F5: front matter -------------------------------------------------------------------------

# value on the page, as it loads back (README: controls removed, white space runs made one space)
VALUES = [
    ("F1", "---", "---"),
    ("F1", "...", "..."),
    ("F1", "line1\n---\nline2", "line1 --- line2"),
    ("F1", "a: b", "a: b"),
    ("F1", "# x", "# x"),
    ("F1", "&anchor", "&anchor"),
    ("F1", "*alias", "*alias"),
    ("F1", "? k", "? k"),
    ("F1", "%TAG", "%TAG"),
    ("F1", "- item", "- item"),
    ("F1", "quote \" and ' both", "quote \" and ' both"),
    ("F1", "  lead and trail  ", "lead and trail"),
    ("F2", "no", "no"),
    ("F2", "yes", "yes"),
    ("F2", "on", "on"),
    ("F2", "null", "null"),
    ("F2", "~", "~"),
    ("F2", "2024-01-01", "2024-01-01"),
    ("F2", "1e3", "1e3"),
    ("F2", "0o17", "0o17"),
    ("F2", "!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system ['id']"),
    ("F3", "cr\rhere", "cr here"),
    ("F3", "tab\there", "tab here"),
    ("F3", "nul\x00here", "nulhere"),
    ("F3", "nel\x85here", "nel here"),
    ("F3", "ls\u2028ps\u2029end", "ls ps end"),
    ("F3", "\ufeffbom", "bom"),
    ("F3", "bidi\u202eevil\u202c", "bidievil"),
    ("F3", "esc\x1b[31mred", "esc[31mred"),
]
TITLES_KEPT = frozenset(
    {"no", "yes", "null", "2024-01-01", "1e3", "0o17", "a: b", "# x", "&anchor", "*alias",
     "- item", "%TAG", "!!python/object/apply:os.system ['id']"}
)  # fmt: skip
"""Values the title finder takes as a headline (it skips punctuation-only ones like ``---``)."""


def assert_one_line_per_value(text: str) -> None:
    """Every front-matter line is one key or one list item; none is a delimiter."""
    head = text[4:].partition("\n---\n")[0]
    for line in head.split("\n"):
        assert re.match(r"^(?:[a-z][a-z0-9_]*:(?: .+)?|- .+)$", line), line
        assert line not in ("---", "...")


@pytest.mark.parametrize(
    ("value", "loaded"), [v[1:] for v in VALUES], ids=[f"{v[0]}-{ascii(v[1])[:20]}" for v in VALUES]
)
def test_hostile_metadata_loads_back_as_the_same_string(
    tmp_path: Path, value: str, loaded: str
) -> None:
    title = value if value in TITLES_KEPT else "Harbour reopens"
    path = archive_stdin(tmp_path, page(title, description=value))
    text = path.read_text(encoding="utf-8")
    meta, _ = load_front_matter(text)
    assert meta["description"] == loaded
    assert meta["title"] == title
    assert_one_line_per_value(text)


def test_long_values_stay_on_one_line(tmp_path: Path) -> None:
    title = " ".join(["Harbour"] * 18)[:150]
    description = ("The harbour reopened after a week of repairs. " * 10)[:400].strip()
    path = archive_stdin(tmp_path, page(title, description))
    text = path.read_text(encoding="utf-8")
    meta, _ = load_front_matter(text)
    assert (meta["title"], meta["description"]) == (title, description)
    assert_one_line_per_value(text)


def test_body_cannot_change_the_metadata(tmp_path: Path) -> None:
    fake = "<pre>---\ntitle: x\n---</pre><p>--- not a delimiter</p>"
    path = archive_stdin(tmp_path, page("Harbour reopens", body=fake))
    meta, body = load_front_matter(path.read_text(encoding="utf-8"))
    assert meta["title"] == "Harbour reopens"
    assert "title" not in body.partition("---\ntitle: x\n---")[0].replace("Harbour", "")
    assert "---\ntitle: x\n---" in body
    assert body.startswith("\n# Harbour reopens\n")


# --- F6: the same bytes whatever the locale -------------------------------------------------------

F6_TITLE = "Café 東京 🎉 naïve"
F6_URL = "https://example.com/news/a'b%0Ac#top"


@pytest.mark.parametrize(
    "locale",
    [
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
        {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    ],
    ids=["cp1252-C", "utf-8"],
)
def test_output_is_the_same_utf8_whatever_the_locale(
    tmp_path: Path, locale: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "saved.html"
    canonical = f'<link rel="canonical" href="{html.escape(F6_URL)}">'
    saved.write_bytes(page(F6_TITLE).replace(b"</head>", canonical.encode() + b"</head>"))
    out = tmp_path / "out"
    out.mkdir()
    for key, value in locale.items():
        monkeypatch.setenv(key, value)
    process = start(saved, "--url", PAGE_URL, "-o", out / "clip.md")
    code, stdout, stderr = finish(process)
    assert (code, stderr) == (0, "")
    text = (out / "clip.md").read_bytes().decode("utf-8")
    meta, body = load_front_matter(text)
    assert (meta["title"], meta["canonical_url"]) == (F6_TITLE, F6_URL)
    assert f"\n# {F6_TITLE}\n" in body
    assert "\r" not in text


# --- properties: any metadata ------------------------------------------------------------------

CLEAN_WORDS = st.text(
    st.characters(
        exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "Co", "Cn"), exclude_characters="&<"
    ),
    min_size=1,
    max_size=12,
)
CLEAN_TEXT = st.lists(CLEAN_WORDS, min_size=1, max_size=8).map(" ".join)
"""Text that needs no cleaning: one space between words, nothing invisible."""


@given(
    drawn=st.one_of(
        st.text(max_size=200).map(lambda text: (text, False)),
        CLEAN_TEXT.map(lambda text: (text, True)),
    )
)
@PROPERTY_SETTINGS
def test_any_description_loads_back_as_one_clean_line(
    tmp_path_factory: pytest.TempPathFactory, drawn: tuple[str, bool]
) -> None:
    description, clean = drawn
    folder = tmp_path_factory.mktemp("meta")
    data = io.BytesIO(page("Harbour reopens", description))
    result = archive("-", str(folder), url=PAGE_URL, stdin=data)
    assert result.path is not None
    text = result.path.read_text(encoding="utf-8")
    meta, _ = load_front_matter(text)
    assert_one_line_per_value(text)
    loaded = meta.get("description")
    assert loaded is None or isinstance(loaded, str)
    if loaded is not None:
        assert all(unicodedata.category(char) not in ("Cc", "Zl", "Zp") for char in loaded)
    if clean:
        assert loaded == description
