"""Writing: names stay inside the folder, and an existing file is never clobbered."""

from __future__ import annotations

import errno
import os
import threading
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressclip.errors import ExitCode, LocalFileError, OutputExistsError
from pressclip.model import Article, Page
from pressclip.write import (
    RESERVED_NAMES,
    check_output_dir,
    default_filename,
    resolve_target,
    safe_filename,
    slugify,
    write_file,
)

DAY = "2024-03-05"
PAGE = Page(
    source="https://example.com/news/some-story.html",
    content=b"",
    url="https://example.com/news/some-story.html",
    fetched_at="2024-06-07T08:09:10+00:00",
)
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PORTABLE_FORBIDDEN = set('/\\:*?"<>|')
HOSTILE_TITLES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\win.ini",
    "C:foo",
    'a / b \\ c : d * e ? f " g < h > i | j',
    "line\nbreak\rreturn\ttab",
    "esc \x1b[31mred\x07",
    "\u202egpj.exe",
    "zero\u200bwidth\u200djoin",
    "CON",
    "nul",
    "Com1.txt",
    "LPT9",
    "aux.",
    "name. ",
    ".",
    "..",
    ".bashrc",
    "-rf",
    "",
    "   ",
    "x" * 300,
    "é" * 200,
    "🎉" * 100,
    "東京で記事を書く",
    "\x00",
]


def assert_safe_name(name: str, folder: Path) -> None:
    assert name
    assert name not in (".", "..")
    assert not name.startswith((".", "-"))
    assert not name.endswith((".", " "))
    assert len(name.encode("utf-8")) <= 200
    assert not PORTABLE_FORBIDDEN & set(name)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in name)
    assert name.split(".")[0].rstrip(" ").upper() not in RESERVED_NAMES
    assert Path(name).name == name
    assert (folder / name).resolve().parent == folder.resolve()


def snapshot(path: Path) -> tuple[bytes, int, int]:
    info = os.stat(path)
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


def raise_os_error(code: int) -> object:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


# --- slugify ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("Café crème brûlée", "cafe-creme-brulee"),
        ("Ærøskøbing Straße", "aeroskobing-strasse"),
        ("Don't panic: it’s fine", "dont-panic-its-fine"),
        ("東京で記事を書く", ""),
        ("🎉🎉", ""),
        ("--a--b--", "a-b"),
        ("ＦＵＬＬ　ｗｉｄｔｈ", "full-width"),
        ("  spaces\tand\nlines ", "spaces-and-lines"),
        ("C++ / C# & F#", "c-c-f"),
        ("", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_cuts_long_text_on_a_word_boundary() -> None:
    slug = slugify("word " * 60)
    assert len(slug) <= 80
    assert slug.endswith("word")
    assert slugify("x" * 300) == "x" * 80
    assert len(slugify("ab-" * 100, max_length=10)) <= 10


def test_slugify_nfc_and_nfd_agree() -> None:
    assert slugify(unicodedata.normalize("NFD", "café")) == slugify("café") == "cafe"


# --- default_filename -------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "page", "name"),
    [
        (
            Article(title="Big News", date_published=f"{DAY}T10:00:00+01:00"),
            PAGE,
            f"{DAY}-big-news.md",
        ),
        (Article(title="Big News"), PAGE, "2024-06-07-big-news.md"),
        (Article(title="Big News", date_published="2024-13-45"), PAGE, "2024-06-07-big-news.md"),
        (Article(date_published=DAY), PAGE, f"{DAY}-some-story.md"),
        (Article(date_published=DAY, url="https://x.org/a/b/c-d/"), PAGE, f"{DAY}-c-d.md"),
        (Article(date_published=DAY, title="東京"), PAGE, f"{DAY}-some-story.md"),
        (Article(date_published=DAY, url="https://x.org/"), None, f"{DAY}-article.md"),
        (Article(date_published=DAY), None, f"{DAY}-article.md"),
        (Article(title="../../etc/passwd", date_published=DAY), PAGE, f"{DAY}-etc-passwd.md"),
        (Article(title="CON", date_published=DAY), PAGE, f"{DAY}-con.md"),
    ],
)
def test_default_filename(article: Article, page: Page | None, name: str) -> None:
    assert default_filename(article, page) == name


def test_default_filename_falls_back_to_today_utc() -> None:
    before = datetime.now(timezone.utc).date().isoformat()
    name = default_filename(Article(title="x"), None)
    after = datetime.now(timezone.utc).date().isoformat()
    assert name in (f"{before}-x.md", f"{after}-x.md")


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=lambda t: ascii(t)[:30])
def test_hostile_title_gives_a_safe_name(title: str, tmp_path: Path) -> None:
    name = default_filename(Article(title=title, date_published=DAY), PAGE)
    assert_safe_name(name, tmp_path)
    assert name.startswith(f"{DAY}-") and name.endswith(".md")
    assert write_file(tmp_path / name, "x\n").parent == tmp_path


def test_nfc_and_nfd_titles_give_one_name() -> None:
    nfc = Article(title=unicodedata.normalize("NFC", "Café au lait"), date_published=DAY)
    nfd = Article(title=unicodedata.normalize("NFD", "Café au lait"), date_published=DAY)
    assert default_filename(nfc, None) == default_filename(nfd, None) == f"{DAY}-cafe-au-lait.md"


@given(title=st.text(), url=st.one_of(st.none(), st.text()))
@PROPERTY_SETTINGS
def test_any_title_stays_inside_the_folder(title: str, url: str | None, tmp_path: Path) -> None:
    name = default_filename(Article(title=title, url=url), None)
    assert_safe_name(name, tmp_path)
    assert len(Path(name).parts) == 1


# --- safe_filename ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("CON", "_CON"),
        ("nul", "_nul"),
        ("nul.md", "_nul.md"),
        ("Com1.txt", "_Com1.txt"),
        ("LPT9", "_LPT9"),
        ("aux.", "_aux"),
        ("con .md", "_con .md"),
        ("name. ", "name"),
        (".", "article"),
        ("..", "article"),
        ("", "article"),
        (".bashrc", "bashrc"),
        ("-rf", "rf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:foo", "C_foo"),
        ("a\nb\x1b\u202e.md", "ab.md"),
        ("console.md", "console.md"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_safe_filename_cuts_bytes_on_a_code_point_and_keeps_the_extension() -> None:
    name = safe_filename("é" * 300 + ".md")
    assert name.endswith(".md")
    assert len(name.encode("utf-8")) <= 200
    assert set(name[:-3]) == {"é"}


@pytest.mark.parametrize("raw", ["x." + "y" * 300, "." + "é" * 300, "a" * 300 + ".md"])
def test_safe_filename_long_extension_is_cut_too(raw: str) -> None:
    assert len(safe_filename(raw).encode("utf-8")) <= 200


@given(raw=st.text(st.characters(exclude_categories=())))
@PROPERTY_SETTINGS
def test_any_name_is_made_safe(raw: str, tmp_path: Path) -> None:
    assert_safe_name(safe_filename(raw), tmp_path)


# --- resolve_target ---------------------------------------------------------


def test_resolve_target_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_target(None, "a.md") == tmp_path / "a.md"


def test_resolve_target_dash_is_stdout() -> None:
    assert resolve_target("-", "a.md") is None


def test_resolve_target_folder(tmp_path: Path) -> None:
    assert resolve_target(str(tmp_path), "a.md") == tmp_path / "a.md"
    assert resolve_target(f"{tmp_path}/", "a.md") == tmp_path / "a.md"


def test_resolve_target_file_path(tmp_path: Path) -> None:
    assert resolve_target(str(tmp_path / "mine.md"), "a.md") == tmp_path / "mine.md"
    assert resolve_target(str(tmp_path / "notes.txt"), "a.md") == tmp_path / "notes.txt"
    missing = tmp_path / "missing" / "mine.md"
    assert resolve_target(str(missing), "a.md") == missing


@pytest.mark.parametrize("suffix", ["/", "\\"])
def test_resolve_target_missing_folder(tmp_path: Path, suffix: str) -> None:
    output = f"{tmp_path / 'missing'}{suffix}"
    with pytest.raises(LocalFileError) as caught:
        resolve_target(output, "a.md")
    assert str(caught.value) == f"output folder does not exist: {output}"
    assert caught.value.exit_code == ExitCode.LOCAL_FILE


def test_resolve_target_missing_parent_without_extension(tmp_path: Path) -> None:
    output = str(tmp_path / "missing" / "name")
    with pytest.raises(LocalFileError, match="^output folder does not exist: "):
        resolve_target(output, "a.md")


def test_resolve_target_file_given_as_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    output = f"{tmp_path / 'file'}/"
    with pytest.raises(LocalFileError) as caught:
        resolve_target(output, "a.md")
    assert str(caught.value) == f"output folder is not a directory: {output}"


# --- check_output_dir -------------------------------------------------------


def test_check_output_dir_accepts_usable_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    check_output_dir(None)
    check_output_dir("-")
    check_output_dir(str(tmp_path))
    check_output_dir(str(tmp_path / "new.md"))


def test_check_output_dir_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError) as caught:
        check_output_dir(str(tmp_path / "missing" / "x.md"))
    assert str(caught.value) == f"output folder does not exist: {tmp_path / 'missing'}"


def test_check_output_dir_regular_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(LocalFileError) as caught:
        check_output_dir(str(tmp_path / "file" / "x.md"))
    assert str(caught.value) == f"output folder is not a directory: {tmp_path / 'file'}"


def test_check_output_dir_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: as root, os.access grants write access to any folder."""
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(LocalFileError) as caught:
        check_output_dir(str(tmp_path))
    assert str(caught.value) == f"output folder is not writable: {tmp_path}"


# --- write_file -------------------------------------------------------------


def test_write_file_writes_utf8_with_lf(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    assert write_file(target, "café\n東京\nend\n") == target
    assert target.read_bytes() == "café\n東京\nend\n".encode()
    assert os.listdir(tmp_path) == ["a.md"]


def test_existing_target_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("original")
    before = snapshot(target)
    with pytest.raises(OutputExistsError) as caught:
        write_file(target, "new")
    assert str(caught.value) == f"exists: {target} (use --force to overwrite)"
    assert caught.value.exit_code == ExitCode.LOCAL_FILE
    assert caught.value.path == str(target)
    assert snapshot(target) == before
    assert os.listdir(tmp_path) == ["a.md"]


def test_force_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("original")
    write_file(target, "new", force=True)
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["a.md"]


@pytest.mark.parametrize("force", [False, True])
def test_symlink_to_a_file_is_refused(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    before = snapshot(victim)
    link = tmp_path / "a.md"
    link.symlink_to(victim)
    with pytest.raises(LocalFileError) as caught:
        write_file(link, "evil", force=force)
    assert str(caught.value) == f"refusing to write through symlink: {link}"
    assert snapshot(victim) == before
    assert link.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["a.md", "victim"]


@pytest.mark.parametrize("force", [False, True])
def test_dangling_symlink_is_refused(tmp_path: Path, force: bool) -> None:
    link = tmp_path / "a.md"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(LocalFileError, match="^refusing to write through symlink: "):
        write_file(link, "evil", force=force)
    assert not (tmp_path / "nowhere").exists()
    assert os.listdir(tmp_path) == ["a.md"]


def test_directory_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError) as caught:
        write_file(tmp_path, "x", force=True)
    assert str(caught.value) == f"output path is a directory: {tmp_path}"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError) as caught:
        write_file(tmp_path / "missing" / "a.md", "x")
    assert str(caught.value) == f"output folder does not exist: {tmp_path / 'missing'}"


def test_name_too_long_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300)
    with pytest.raises(LocalFileError) as caught:
        write_file(target, "x")
    assert str(caught.value) == f"file name too long: {target}"
    assert os.listdir(tmp_path) == []


def test_control_characters_in_the_path_are_escaped_in_messages(tmp_path: Path) -> None:
    target = tmp_path / "a\nb\x1b.md"
    target.write_text("x")
    with pytest.raises(OutputExistsError) as caught:
        write_file(target, "y")
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)
    assert str(caught.value).startswith(f"exists: {tmp_path}/a\\nb\\x1b.md")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("patched", ["fsync", "write"])
def test_disk_full_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool, patched: str
) -> None:
    target = tmp_path / "a.md"
    target.write_text("original")
    (tmp_path / "other").write_text("other")
    listing, before = sorted(os.listdir(tmp_path)), snapshot(target)
    monkeypatch.setattr(os, patched, raise_os_error(errno.ENOSPC))
    with pytest.raises(LocalFileError) as caught:
        write_file(target, "new", force=force)
    monkeypatch.undo()
    assert str(caught.value) == f"no space left on device: {target}"
    assert sorted(os.listdir(tmp_path)) == listing
    assert snapshot(target) == before


def test_disk_full_with_no_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", raise_os_error(errno.ENOSPC))
    with pytest.raises(LocalFileError, match="^no space left on device: "):
        write_file(tmp_path / "a.md", "new")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_interrupt_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_file(tmp_path / "a.md", "new")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("code", "message"), [(errno.EACCES, "permission denied")])
def test_os_errors_become_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    monkeypatch.setattr(os, "link", raise_os_error(code))
    with pytest.raises(LocalFileError) as caught:
        write_file(tmp_path / "a.md", "new")
    monkeypatch.undo()
    assert str(caught.value) == f"{message}: {tmp_path / 'a.md'}"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.EXDEV])
def test_without_hard_links_still_never_clobbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.setattr(os, "link", raise_os_error(code))
    target = tmp_path / "a.md"
    write_file(target, "first")
    assert target.read_text() == "first"
    before = snapshot(target)
    with pytest.raises(OutputExistsError):
        write_file(target, "second")
    assert snapshot(target) == before
    assert os.listdir(tmp_path) == ["a.md"]


def race(target: Path) -> dict[str, BaseException | None]:
    """Two threads write different text to ``target`` at the same moment."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, BaseException | None] = {}

    def run(content: str) -> None:
        barrier.wait()
        try:
            write_file(target, content * 10_000)
            outcomes[content] = None
        except BaseException as exc:  # recorded for the assertion
            outcomes[content] = exc

    threads = [threading.Thread(target=run, args=(content,)) for content in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_racing_writers_one_wins(tmp_path: Path) -> None:
    for round_ in range(10):
        target = tmp_path / f"race-{round_}.md"
        outcomes = race(target)
        winners = [content for content, exc in outcomes.items() if exc is None]
        losers = [exc for exc in outcomes.values() if exc is not None]
        assert len(winners) == 1
        assert len(losers) == 1 and isinstance(losers[0], OutputExistsError)
        assert target.read_text() == winners[0] * 10_000
    assert sorted(os.listdir(tmp_path)) == [f"race-{i}.md" for i in range(10)]
