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

With ``images``, ``save_html`` or ``warc`` the archive file gets companions
named after it: ``x/`` (the images), ``x.html`` (the page as fetched) and
``x.warc.gz`` beside ``x.md``. They are all complete on disk before the
archive file appears (:func:`~pressclip.write.write_together`), and on failure
none of them is left behind.

The fetcher (requests) and the extractor (bs4, lxml) are imported only when
used, so reading a saved file never loads requests.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pressclip.decode import looks_binary
from pressclip.errors import ContentError, LocalFileError, UsageError, printable
from pressclip.model import Article, Page
from pressclip.render import FORMATS, render
from pressclip.urls import HTTP_PREFIXES, validate_url
from pressclip.write import (
    EXTENSION,
    STDOUT,
    check_output_dir,
    check_targets,
    companion_file,
    companion_folder,
    default_filename,
    make_temp_folder,
    remove_tree,
    resolve_target,
    write_file,
    write_together,
)

if TYPE_CHECKING:
    from pressclip.fetch import FetchOptions, Gate
    from pressclip.images import ImageFailure, ImageLimits, SavedImages

Log = Callable[[str], None]

STDIN = "-"
MAX_INPUT_BYTES = 20_000_000
"""Largest saved page or stdin input read, unless ``FetchOptions.max_bytes`` says otherwise."""
FORMAT_EXTENSIONS = {"markdown": EXTENSION, "json": ".json", "text": ".txt"}
PRINTED_FORMATS = frozenset({"json", "text"})
"""Formats that go to standard output when no ``output`` is given."""
HTML_EXTENSION = ".html"
WARC_EXTENSION = ".warc.gz"

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
    companions: tuple[Path, ...] = ()
    """The images folder, HTML and WARC files written beside ``path``."""
    images_saved: int = 0
    image_failures: tuple[ImageFailure, ...] = ()
    """The images that keep their remote URL, and why."""


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
    images: bool = False,
    image_limits: ImageLimits | None = None,
    strict: bool = False,
    save_html: bool = False,
    warc: bool = False,
    gate: Gate | None = None,
) -> ArchiveResult:
    """Archive the article at ``source`` (a URL, a saved HTML file, or ``-`` for stdin).

    ``output`` is a folder, a file, ``-`` for standard output, or ``None``: a
    default-named file in the current folder for Markdown, standard output for
    ``json`` and ``text``. ``url`` is the address of a saved page or stdin
    input, used to resolve its links. ``log`` receives one line per retry, and
    the count of images that could not be saved.

    ``images`` saves the article's images beside the file (within
    ``image_limits``); ``strict`` makes an image that cannot be saved fail the
    article. ``save_html`` keeps the page's bytes as fetched, ``warc`` a WARC
    file of every HTTP exchange. ``gate`` is held around each request.

    Raises a :class:`~pressclip.errors.PressclipError` subclass for every
    foreseeable failure; on failure nothing has been written.
    """
    _check_format(fmt)
    destination = _destination(output, fmt)
    _check_companions(source, destination, images=images, save_html=save_html, warc=warc)
    check_output_dir(destination)
    page = _load(source, url, options, stdin, log, gate)
    article = _extract(page)
    target = resolve_target(destination, _default_name(article, page, fmt))
    if target is not None and (images or save_html or warc):
        companions = _Companions(target, images=images, save_html=save_html, warc=warc)
        return companions.write(
            article,
            page,
            fmt,
            force=force,
            strict=strict,
            limits=image_limits,
            options=_page_options(options, page),
            log=log,
            gate=gate,
        )
    text = render(article, page, fmt)
    path = None if target is None else write_file(target, text, force=force)
    return ArchiveResult(article=article, page=page, path=path, output=text)


def _page_options(options: FetchOptions | None, page: Page) -> FetchOptions | None:
    """The options for URLs the page gives: its network is open to them if it was to the page."""
    if not page.private_network or (options is not None and options.allow_private_network):
        return options
    from pressclip.fetch import FetchOptions  # only pages fetched get here: requests is loaded

    return replace(options or FetchOptions(), allow_private_network=True)


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
    gate: Gate | None = None,
) -> Page:
    """The page named by ``source``, fetched or read."""
    if _is_url(source):
        if url is not None:
            raise UsageError("--url is for a saved page or stdin; a URL source gives its own")
        return _fetch(source, options, log, gate)
    if url is not None:
        validate_url(url)
    limit = MAX_INPUT_BYTES if options is None else options.max_bytes
    if source == STDIN:
        return _local_page(source, read_stdin(stdin, limit), url)
    if os.path.exists(source):
        return _local_page(source, read_file(source, limit), url)
    if _looks_like_url(source):
        validate_url(source)
    raise LocalFileError(f"no such file: {source}", source)


def _is_url(source: str) -> bool:
    return source.lower().startswith(HTTP_PREFIXES)


def _fetch(source: str, options: FetchOptions | None, log: Log | None, gate: Gate | None) -> Page:
    from pressclip.fetch import fetch

    return fetch(source, options, log=log, gate=gate)


def _looks_like_url(source: str) -> bool:
    """Whether a missing ``source`` was more likely meant as a URL than as a file."""
    if URL_SCHEME.match(source):
        return True
    host = source.split("/", 1)[0]
    return bool(HOST_LIKE.match(host)) and host.rsplit(".", 1)[1].lower() not in PAGE_EXTENSIONS


def _local_page(source: str, content: bytes, url: str | None) -> Page:
    if looks_binary(content):
        name = "standard input" if source == STDIN else source
        raise ContentError(f"expected an HTML page, got binary data: {printable(name)}")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return Page(source=source, content=content, url=url, fetched_at=now)


def read_file(source: str, limit: int) -> bytes:
    """The bytes of the file at ``source`` (a saved page, a reading list), at most ``limit``."""
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


def read_stdin(stdin: BinaryIO | None, limit: int) -> bytes:
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


# --- companions: images, the HTML and the WARC ------------------------------


def _check_companions(
    source: str, destination: str | None, *, images: bool, save_html: bool, warc: bool
) -> None:
    """Refuse, before any request, companions that cannot be made."""
    if destination == STDOUT and (images or save_html or warc):
        raise UsageError("--images, --save-html and --warc write files: give -o a folder or file")
    if warc and not _is_url(source):
        raise UsageError("--warc needs a URL SOURCE: a saved page has no HTTP exchange to record")


class _Companions:
    """The files written beside the archive file at ``target``, and how."""

    def __init__(self, target: Path, *, images: bool, save_html: bool, warc: bool) -> None:
        self.target = target
        self.folder = companion_folder(target) if images else None
        self.html = companion_file(target, HTML_EXTENSION) if save_html else None
        self.warc = companion_file(target, WARC_EXTENSION) if warc else None

    def paths(self) -> tuple[Path, ...]:
        return tuple(path for path in (self.folder, self.html, self.warc) if path is not None)

    def write(
        self,
        article: Article,
        page: Page,
        fmt: str,
        *,
        force: bool,
        strict: bool,
        limits: ImageLimits | None,
        options: FetchOptions | None,
        log: Log | None,
        gate: Gate | None,
    ) -> ArchiveResult:
        """Download the images into a temp folder, then write everything together."""
        files = [path for path in (self.html, self.warc) if path is not None]
        check_targets([*files, self.target], self.folder, force=force)
        saved = None
        temp = None if self.folder is None else make_temp_folder(self.folder)
        try:
            if temp is not None:
                saved = self._save_images(article, temp, limits, options, log, gate)
                _check_strict(saved, strict)
                article = saved.article
            text = render(article, page, fmt)
            contents = self._contents(page, saved, text)
            write_together(contents, folder=self._folder(temp), force=force)
        finally:
            if temp is not None:
                remove_tree(temp)
        warning = saved.warning() if saved is not None else None
        if warning and log is not None:
            log(f"{warning} (they keep their remote URLs)")
        return ArchiveResult(
            article=article,
            page=page,
            path=self.target,
            output=text,
            companions=self.paths(),
            images_saved=len(saved.links) if saved else 0,
            image_failures=saved.failures if saved else (),
        )

    def _save_images(
        self,
        article: Article,
        temp: Path,
        limits: ImageLimits | None,
        options: FetchOptions | None,
        log: Log | None,
        gate: Gate | None,
    ) -> SavedImages:
        from pressclip.images import save_images

        return save_images(
            article,
            temp,
            companion_folder(self.target).name,
            limits=limits,
            options=options,
            log=log,
            gate=gate,
            record=self.warc is not None,
        )

    def _contents(
        self, page: Page, saved: SavedImages | None, text: str
    ) -> list[tuple[Path, bytes | str]]:
        """The files in the order they appear: the archive file last."""
        files: list[tuple[Path, bytes | str]] = []
        if self.html is not None:
            files.append((self.html, page.content))
        if self.warc is not None:
            from pressclip.warc import warc_bytes

            exchanges = page.exchanges + (saved.exchanges if saved else ())
            files.append((self.warc, warc_bytes(exchanges, self.warc.name)))
        files.append((self.target, text))
        return files

    def _folder(self, temp: Path | None) -> tuple[Path, Path] | None:
        return None if temp is None or self.folder is None else (temp, self.folder)


def _check_strict(saved: SavedImages, strict: bool) -> None:
    """With ``strict``, an image that could not be saved fails the article."""
    warning = saved.warning()
    if strict and warning:
        raise ContentError(f"{warning} (--strict): {saved.failures[0].reason}")
