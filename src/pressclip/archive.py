"""``archive()``: the whole pipeline behind the CLI, as one library call.

    source ──load──▶ Page ──extract──▶ Article ──render──▶ text ──write──▶ file

The order matters to the user: the output folder is checked before the page is
loaded, so a typo in ``-o`` costs no download; nothing touches the disk until
the text is complete, and then :func:`~pressclip.write.write_file` writes it
atomically, so a failure at any step leaves the output folder unchanged.

A SOURCE is read as follows (first match wins):

1. ``-``: the page's bytes from standard input;
2. ``http://`` or ``https://``: fetched;
3. an existing path: the saved page in that file;
4. anything with another URL scheme (``file:``, ``javascript:``) or shaped like
   a web address without one (``example.com/story``): an invalid URL;
5. anything else: a file that does not exist.

The fetcher (requests) and the extractor (bs4, lxml) are imported only when
used, so reading a saved file never loads requests.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pressclip.errors import ContentError, LocalFileError, UsageError
from pressclip.model import Article, Page
from pressclip.render import FORMATS, render
from pressclip.urls import validate_url
from pressclip.write import (
    EXTENSION,
    STDOUT,
    check_output_dir,
    default_filename,
    resolve_target,
    write_file,
)

if TYPE_CHECKING:
    from pressclip.fetch import FetchOptions

Log = Callable[[str], None]

STDIN = "-"
MAX_INPUT_BYTES = 20_000_000
"""Largest saved page or stdin input read, unless ``FetchOptions.max_bytes`` says otherwise."""
HTTP_PREFIXES = ("http://", "https://")
FORMAT_EXTENSIONS = {"markdown": EXTENSION, "json": ".json", "text": ".txt"}
PRINTED_FORMATS = frozenset({"json", "text"})
"""Formats that go to standard output when no ``output`` is given."""

# A URL scheme needs two letters or more, so that a Windows drive (``C:``) is a path.
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
# ``example.com`` or ``news.example.co.uk/story``: dot-separated labels ending in
# a letters-only label, before any ``/``.
HOST_LIKE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# Endings that make a name a file even though they look like a top-level domain.
PAGE_EXTENSIONS = frozenset(
    {"htm", "html", "xhtml", "shtml", "mht", "mhtml", "xml", "txt", "php", "asp", "aspx"}
)


@dataclass(frozen=True)
class ArchiveResult:
    """What :func:`archive` produced."""

    article: Article
    page: Page
    path: Path | None
    """The file written, or ``None`` when the text went to standard output."""
    output: str
    """The rendered text (written to ``path``, or for the caller to print)."""


def archive(
    source: str,
    output: str | None = None,
    *,
    url: str | None = None,
    fmt: str = "markdown",
    force: bool = False,
    options: FetchOptions | None = None,
    stdin: BinaryIO | None = None,
    log: Log | None = None,
) -> ArchiveResult:
    """Archive the article at ``source`` (a URL, a saved HTML file, or ``-`` for stdin).

    ``output`` is a folder, a file, ``-`` for standard output, or ``None``: a
    default-named file in the current folder for Markdown, standard output for
    ``json`` and ``text``. ``url`` is the address of a saved page or stdin
    input, used to resolve its links. ``log`` receives one line per retry.

    Raises a :class:`~pressclip.errors.PressclipError` subclass for every
    foreseeable failure; on failure nothing has been written.
    """
    _check_format(fmt)
    destination = _destination(output, fmt)
    check_output_dir(destination)
    page = _load(source, url, options, stdin, log)
    article = _extract(page)
    text = render(article, page, fmt)
    target = resolve_target(destination, _default_name(article, page, fmt))
    path = None if target is None else write_file(target, text, force=force)
    return ArchiveResult(article=article, page=page, path=path, output=text)


def _check_format(fmt: str) -> None:
    """Refuse an unknown format before any work, not after the download."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format: {fmt!r} (choose one of {', '.join(FORMATS)})")


def _destination(output: str | None, fmt: str) -> str | None:
    """``output``, with JSON and text printed when no destination is given."""
    if output is None and fmt in PRINTED_FORMATS:
        return STDOUT
    return output


def _default_name(article: Article, page: Page, fmt: str) -> str:
    """The default file name, with the extension of ``fmt``."""
    name = default_filename(article, page)
    return name.removesuffix(EXTENSION) + FORMAT_EXTENSIONS[fmt]


# --- loading ---------------------------------------------------------------


def _load(
    source: str,
    url: str | None,
    options: FetchOptions | None,
    stdin: BinaryIO | None,
    log: Log | None,
) -> Page:
    """The page named by ``source``, fetched or read."""
    if source.lower().startswith(HTTP_PREFIXES):
        if url is not None:
            raise UsageError("--url is for a saved page or stdin; a URL source gives its own")
        return _fetch(source, options, log)
    if url is not None:
        validate_url(url)
    limit = MAX_INPUT_BYTES if options is None else options.max_bytes
    if source == STDIN:
        return _local_page(source, _read_stdin(stdin, limit), url)
    if os.path.exists(source):
        return _local_page(source, _read_file(source, limit), url)
    if _looks_like_url(source):
        validate_url(source)
    raise LocalFileError(f"no such file: {source}", source)


def _fetch(source: str, options: FetchOptions | None, log: Log | None) -> Page:
    from pressclip.fetch import fetch

    return fetch(source, options, log=log)


def _looks_like_url(source: str) -> bool:
    """Whether a missing ``source`` was more likely meant as a URL than as a file."""
    if URL_SCHEME.match(source):
        return True
    host = source.split("/", 1)[0]
    return bool(HOST_LIKE.match(host)) and host.rsplit(".", 1)[1].lower() not in PAGE_EXTENSIONS


def _local_page(source: str, content: bytes, url: str | None) -> Page:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return Page(source=source, content=content, url=url, fetched_at=now)


def _read_file(source: str, limit: int) -> bytes:
    """The bytes of the saved page at ``source``, at most ``limit`` of them."""
    if os.path.isdir(source):
        raise LocalFileError(f"not a file but a directory: {source}", source)
    try:
        with open(source, "rb") as stream:
            return _read_capped(stream, limit, source)
    except FileNotFoundError:
        raise LocalFileError(f"no such file: {source}", source) from None
    except PermissionError:
        raise LocalFileError(f"permission denied: {source}", source) from None
    except OSError as exc:
        raise LocalFileError(f"cannot read {source}: {exc.strerror or exc}", source) from exc


def _read_stdin(stdin: BinaryIO | None, limit: int) -> bytes:
    """The bytes on standard input (or ``stdin``), at most ``limit`` of them."""
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise LocalFileError("cannot read standard input: it is closed", STDIN)
    try:
        return _read_capped(stream, limit, "standard input")
    except OSError as exc:
        message = f"cannot read standard input: {exc.strerror or exc}"
        raise LocalFileError(message, STDIN) from exc


def _read_capped(stream: BinaryIO, limit: int, name: str) -> bytes:
    """Read to the end, refusing more than ``limit`` bytes without reading them all."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ContentError(f"input larger than {limit:,} bytes: {name}")
    return data


def _extract(page: Page) -> Article:
    from pressclip.extract import extract

    return extract(page.content, page.url, charset=page.charset)
