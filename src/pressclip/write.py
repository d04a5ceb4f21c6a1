"""Choose the file name and write the archive file without ever clobbering.

The write is atomic and no-clobber: the text goes to a hidden temp file in the
target folder (``.<name>.<random>.tmp``), is flushed and fsynced, and is then
hard-linked to the final name, which fails if anything (a file, a directory,
a symlink) is already there. With ``force`` the temp file is renamed over the
target instead, which replaces a symlink itself rather than following it; a
symlink at the target is refused in both modes. A reader therefore sees either
no file or the whole file, never a partial one, and the temp file is removed
on every failure, including ``KeyboardInterrupt``.

A symlinked *folder* given by the user is followed: it is their choice.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from pressclip.errors import LocalFileError, OutputExistsError, PressclipError, printable
from pressclip.model import Article, Page

STDOUT = "-"
EXTENSION = ".md"
FALLBACK_SLUG = "article"
SLUG_MAX_LENGTH = 80
NAME_MAX_BYTES = 200
"""Our names stay well under the usual 255-byte limit, leaving room for the temp suffix."""
FILESYSTEM_NAME_MAX_BYTES = 255
EXTENSION_MAX_BYTES = 16
FOLDER_SUFFIXES = ("/", "\\")
FILE_MODE = 0o644
FOLDER_MODE = 0o755
NO_EXTENSION_FOLDER_SUFFIX = "_files"
"""The companion folder of ``notes`` (no extension) is ``notes_files``."""
FOLDER_TAKEN = frozenset({errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR})
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"
TEMP_RANDOM_BYTES = 4
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NON_ALNUM = re.compile(r"[^a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019]")
UNSAFE_NAME_CHARS = re.compile(r'[/\\:*?"<>|]')
REMOVED_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})  # controls, bidi/format, surrogates
URL_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")

# Letters that NFKD does not decompose into an ASCII base letter.
TRANSLITERATIONS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)

# Windows refuses these as file names whatever the extension (CPython ntpath.isreserved).
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789¹²³"}
)

EXCLUSIVE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # no newline translation on Windows
)
LINK_UNSUPPORTED = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK}
)
# errno → (the cause in a user's words, whether it is about the folder rather than the file)
WRITE_ERRORS = {
    errno.ENOSPC: ("no space left on device", False),
    getattr(errno, "EDQUOT", errno.ENOSPC): ("no space left on device", False),
    errno.EACCES: ("permission denied", False),
    errno.EPERM: ("permission denied", False),
    errno.EROFS: ("read-only file system", False),
    errno.ENAMETOOLONG: ("file name too long", False),
    errno.ELOOP: ("refusing to write through symlink", False),
    errno.ENOENT: ("output folder does not exist", True),
    errno.ENOTDIR: ("output folder is not a directory", True),
    errno.EISDIR: ("output path is a directory", False),
}


# --- names -----------------------------------------------------------------


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """An ASCII slug of ``text``: lowercase letters and digits joined by ``-``.

    Accented letters lose their accents; letters with no ASCII form (CJK,
    Arabic, emoji) are dropped, so the result may be empty. Longer slugs are
    cut at a ``-`` when one falls in the last half of the allowed length.
    """
    normal = unicodedata.normalize("NFKC", text).translate(TRANSLITERATIONS)
    decomposed = unicodedata.normalize("NFKD", normal)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).encode(
        "ascii", "ignore"
    )
    words = APOSTROPHES.sub("", ascii_text.decode("ascii").lower())
    slug = NON_ALNUM.sub("-", words).strip("-")
    return _cut_slug(slug, max(max_length, 1))


def _cut_slug(slug: str, max_length: int) -> str:
    if len(slug) <= max_length:
        return slug
    head = slug[: max_length + 1]
    boundary = head.rfind("-")
    if boundary >= max_length // 2:
        return head[:boundary].strip("-")
    return slug[:max_length].strip("-")


def _day(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from the start of an ISO 8601 value, if it is a real date."""
    day = (value or "")[:10]
    if not ISO_DATE.match(day):
        return None
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        return None


def _file_day(article: Article, page: Page | None) -> str:
    fetched = page.fetched_at if page else None
    today = datetime.now(timezone.utc).date().isoformat()
    return _day(article.date_published) or _day(fetched) or today


def url_slug(url: str | None) -> str:
    """A slug from the last non-empty path segment of ``url``, without its extension."""
    if not url:
        return ""
    segments = [s for s in PurePosixPath(unquote(urlsplit(url).path)).parts if s != "/"]
    if not segments:
        return ""
    return slugify(URL_EXTENSION.sub("", segments[-1]))


def default_filename(article: Article, page: Page | None) -> str:
    """``YYYY-MM-DD-slug.md``: a safe single file name for ``article``.

    The date is the publication day, else the day of the fetch, else today
    (UTC). The slug comes from the title, else the URL's last path segment,
    else it is ``article``.
    """
    slug = (
        slugify(article.title or "")
        or url_slug(article.url)
        or url_slug(page.url if page else None)
        or FALLBACK_SLUG
    )
    return safe_filename(f"{_file_day(article, page)}-{slug}{EXTENSION}")


def safe_filename(name: str) -> str:
    """``name`` made into one safe file name on Linux, macOS and Windows.

    Control characters, format characters (bidi controls, zero-width
    characters, the BOM) and lone surrogates go; separators, drive colons and
    wildcards become ``_``; leading dots and dashes and trailing dots and
    spaces go; the name is cut to :data:`NAME_MAX_BYTES` of UTF-8 on a code
    point boundary, keeping a short extension; a Windows device name (``CON``,
    ``nul.md``, ``LPT9``) gets a leading ``_``. Never empty.
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c) not in REMOVED_NAME_CATEGORIES)
    name = _trim_name(UNSAFE_NAME_CHARS.sub("_", name))
    stem, extension = _split_extension(name)
    stem = _truncate_bytes(stem, NAME_MAX_BYTES - len(extension.encode("utf-8")))
    name = _trim_name(_truncate_bytes(stem + extension, NAME_MAX_BYTES)) or FALLBACK_SLUG
    if name.split(".")[0].rstrip(" ").upper() in RESERVED_NAMES:
        name = f"_{name}"
    return name


def _trim_name(name: str) -> str:
    """Without leading dots and dashes (hidden files, options) or trailing dots and spaces."""
    return name.lstrip(".-").rstrip(". ")


def _split_extension(name: str) -> tuple[str, str]:
    """``("notes", ".md")`` from ``notes.md``; a long "extension" is part of the stem."""
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension.encode("utf-8")) > EXTENSION_MAX_BYTES:
        return name, ""
    return stem, dot + extension


def _truncate_bytes(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits in ``max_bytes``."""
    return text.encode("utf-8")[: max(max_bytes, 0)].decode("utf-8", "ignore")


# --- targets ---------------------------------------------------------------


def resolve_target(output: str | None, default_name: str) -> Path | None:
    """The file to write for ``--output``; ``None`` means standard output.

    No value: ``default_name`` in the current folder. ``-``: stdout. An
    existing folder: ``default_name`` inside it. A path ending in ``.md``, or
    one whose folder exists: that path. A path ending in ``/`` or ``\\`` (or
    whose folder is missing) names a folder that must already exist.
    """
    if output is None:
        return Path.cwd() / default_name
    if output == STDOUT:
        return None
    path = Path(output)
    if os.path.isdir(path):
        return path / default_name
    if output.endswith(FOLDER_SUFFIXES):
        problem = "is not a directory" if os.path.lexists(path) else "does not exist"
        raise LocalFileError(f"output folder {problem}: {_show(output)}", output)
    if output.lower().endswith(EXTENSION) or os.path.isdir(path.parent):
        return path
    raise LocalFileError(f"output folder does not exist: {_show(output)}", output)


def check_output_dir(output: str | None) -> None:
    """Fail fast, before any network request, if the target folder is unusable.

    The folder that will receive the file must exist, be a folder, and be
    writable and searchable. Note that ``os.access`` says yes to root for any
    folder on a writable mount, so as root only a read-only mount is caught
    here; the write itself then reports anything else.
    """
    target = resolve_target(output, FALLBACK_SLUG + EXTENSION)
    if target is None:
        return
    folder = target.parent
    if not os.path.exists(folder):
        raise LocalFileError(f"output folder does not exist: {_show(folder)}", str(folder))
    if not os.path.isdir(folder):
        raise LocalFileError(f"output folder is not a directory: {_show(folder)}", str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LocalFileError(f"output folder is not writable: {_show(folder)}", str(folder))


# --- writing ---------------------------------------------------------------


def write_file(path: Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` newlines as given) atomically to ``path``.

    Without ``force`` an existing target raises :class:`OutputExistsError` and
    is left untouched; with ``force`` it is replaced atomically. A symlink at
    ``path`` is refused either way. OS errors become one-line
    :class:`LocalFileError` messages naming the path.
    """
    path = Path(path)
    data = _encode(text)
    _refuse_unusable_target(path)
    temp = _temp_path(path)
    fd = _open_exclusive(temp, path)
    try:
        _write_and_sync(fd, data)
        if force:
            os.replace(temp, path)
        else:
            _link_no_clobber(temp, path)
        _sync_folder(path.parent)
    except LocalFileError:
        raise
    except OSError as exc:
        raise _os_error(exc, path) from exc
    finally:
        _remove_quietly(temp)
    return path


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PressclipError(f"cannot encode the text as UTF-8: {exc.reason}") from exc


def _refuse_unusable_target(path: Path) -> None:
    """Refuse a symlink (even a dangling one) or a directory at ``path``."""
    mode = _mode_without_symlink(path)
    if mode is not None and stat.S_ISDIR(mode):
        raise LocalFileError(f"output path is a directory: {_show(path)}", str(path))


def _mode_without_symlink(path: Path) -> int | None:
    """The mode of what is at ``path`` (None if nothing); a symlink there is refused."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_error(exc, path) from exc
    if stat.S_ISLNK(mode):
        raise LocalFileError(f"refusing to write through symlink: {_show(path)}", str(path))
    return mode


def _temp_path(path: Path) -> Path:
    """``.<name>.<random>.tmp`` beside ``path``, within the file system's name limit."""
    random = secrets.token_hex(TEMP_RANDOM_BYTES)
    extra = len(f"{TEMP_PREFIX}.{random}{TEMP_SUFFIX}")
    name = os.fsdecode(os.fsencode(path.name)[: FILESYSTEM_NAME_MAX_BYTES - extra])
    return path.with_name(f"{TEMP_PREFIX}{name}.{random}{TEMP_SUFFIX}")


def _open_exclusive(temp: Path, path: Path) -> int:
    try:
        return os.open(temp, EXCLUSIVE_FLAGS, FILE_MODE)
    except OSError as exc:
        raise _os_error(exc, path) from exc


def _write_and_sync(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd``, fsync it, and close it whatever happens."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_no_clobber(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path``, failing if anything already has that name."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        if exc.errno not in LINK_UNSUPPORTED:
            raise
        _reserve_and_replace(temp, path)


def _reserve_and_replace(temp: Path, path: Path) -> None:
    """No-clobber without hard links: claim the name exclusively, then rename over it.

    Until the rename, the claimed name is an empty file; it is removed again
    if the rename fails.
    """
    try:
        os.close(os.open(path, EXCLUSIVE_FLAGS, FILE_MODE))
    except FileExistsError:
        raise _exists(path) from None
    try:
        os.replace(temp, path)
    except BaseException:
        _remove_quietly(path)
        raise


def _exists(path: Path) -> OutputExistsError:
    return OutputExistsError(f"exists: {_show(path)} (use --force to overwrite)", str(path))


def _sync_folder(folder: Path) -> None:
    """Make the new name durable; not every platform can fsync a folder, so best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _os_error(exc: OSError, path: Path) -> LocalFileError:
    """One line naming ``path`` (or its folder) for what went wrong while writing it."""
    if exc.errno in WRITE_ERRORS:
        cause, about_folder = WRITE_ERRORS[exc.errno]
        return LocalFileError(f"{cause}: {_show(path.parent if about_folder else path)}", str(path))
    return LocalFileError(f"cannot write {_show(path)}: {exc.strerror or exc}", str(path))


def _show(path: str | os.PathLike[str]) -> str:
    """``path`` for a one-line message."""
    return printable(os.fspath(path))


# --- companions: the images folder, the HTML and the WARC beside the file -----


def companion_folder(path: Path) -> Path:
    """The images folder of ``path``: its name without the extension (``x.md``: ``x``)."""
    if path.suffix:
        return path.with_name(path.stem)
    return path.with_name(path.name + NO_EXTENSION_FOLDER_SUFFIX)


def companion_file(path: Path, extension: str) -> Path:
    """``x.html`` beside ``x.md``: ``path`` with ``extension`` instead of its own."""
    stem = path.stem if path.suffix else path.name
    return path.with_name(stem + extension)


def check_targets(files: Sequence[Path], folder: Path | None = None, *, force: bool) -> None:
    """Refuse, before any download, names that cannot be written.

    Symlinks are refused, and a directory where a file goes (or a file where
    the folder goes); without ``force`` anything already there is refused.
    """
    names = [*files, *([folder] if folder is not None else [])]
    if len(set(names)) != len(names):
        message = f"the output file and its companions need different names: {_show(names[0])}"
        raise LocalFileError(message, str(names[0]))
    for path in files:
        _refuse_unusable_target(path)
    if folder is not None:
        _refuse_unusable_folder(folder, force=force)
    for path in names:
        if not force and os.path.lexists(path):
            raise _exists(path)


def _refuse_unusable_folder(path: Path, *, force: bool) -> None:
    mode = _mode_without_symlink(path)
    if mode is not None and force and not stat.S_ISDIR(mode):
        raise LocalFileError(f"not a directory: {_show(path)}", str(path))


def make_temp_folder(final: Path) -> Path:
    """A new hidden, empty folder beside ``final``, to fill before it takes that name."""
    temp = _temp_path(final)
    try:
        os.mkdir(temp, FOLDER_MODE)
    except OSError as exc:
        raise _os_error(exc, final) from exc
    return temp


def remove_tree(path: Path) -> None:
    """Remove a folder this module made, and everything in it; quietly."""
    shutil.rmtree(path, ignore_errors=True)


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path``, which must not exist, holding ``data``, synced (for temp folders)."""
    fd = _open_exclusive(path, path)
    try:
        _write_and_sync(fd, data)
    except OSError as exc:
        raise _os_error(exc, path) from exc


def write_together(
    files: Sequence[tuple[Path, bytes | str]],
    *,
    folder: tuple[Path, Path] | None = None,
    force: bool = False,
) -> None:
    """Write ``files`` (text as UTF-8) and publish a filled ``folder`` (``(temp, final)``) together.

    Every file is first written to a synced temp file; then the folder is
    renamed into place and the files are linked (with ``force``, renamed) in
    their order, so that the last one, the archive file, appears last, when
    all it links to is there. On any failure, Ctrl-C included, the temp files
    go and, without ``force``, whatever was already put in place is removed.
    """
    check_targets([path for path, _ in files], folder[1] if folder else None, force=force)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    current = files[0][0]
    try:
        for path, data in files:
            current = path
            payload = _encode(data) if isinstance(data, str) else data
            temp = _temp_path(path)
            fd = _open_exclusive(temp, path)
            staged.append((temp, path))
            _write_and_sync(fd, payload)
        if folder is not None:
            current = folder[1]
            _publish_folder(*folder, force=force)
            placed.append(folder[1])
        for temp, path in staged:
            current = path
            if force:
                os.replace(temp, path)
            else:
                _link_no_clobber(temp, path)
            placed.append(path)
        _sync_folder(current.parent)
    except BaseException as exc:
        if not force:
            for path in placed:
                _remove_entry(path)
        if isinstance(exc, OSError) and not isinstance(exc, LocalFileError):
            raise _os_error(exc, current) from exc
        raise
    finally:
        for temp, _ in staged:
            _remove_quietly(temp)


def _publish_folder(temp: Path, final: Path, *, force: bool) -> None:
    """Give the filled ``temp`` folder the name ``final``; ``force`` replaces a folder there."""
    if force and os.path.isdir(final):
        old = _temp_path(final)
        os.rename(final, old)
        try:
            os.rename(temp, final)
        except BaseException:
            os.rename(old, final)
            raise
        remove_tree(old)
        return
    if os.path.lexists(final):
        raise _exists(final)
    try:
        # rename() never replaces a file or a non-empty folder.
        os.rename(temp, final)
    except OSError as exc:
        if exc.errno in FOLDER_TAKEN:
            raise _exists(final) from None
        raise


def _remove_entry(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        remove_tree(path)
    else:
        _remove_quietly(path)
