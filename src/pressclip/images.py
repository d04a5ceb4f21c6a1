"""Offline images for an archived article (``--images``).

The lead image and the pictures of the body (the extractor has already left
the site's chrome out) are downloaded once each, within a size cap per image,
a total cap and a cap on their number, into a folder beside the archive file.
A ``data:`` image is decoded and saved the same way. The file extension comes
from the first bytes, never from the URL or the Content-Type, and anything
that is not a JPEG, PNG, GIF, WebP, AVIF or SVG image is refused.

An image that cannot be saved does not fail the article: it keeps its remote
URL and is reported in :attr:`SavedImages.failures`. The caller decides
whether that is an error (``--strict``).
"""

from __future__ import annotations

import base64
import codecs
import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, unquote_to_bytes

from pressclip.errors import PressclipError, UsageError, printable
from pressclip.fetch import FetchOptions, Gate, fetch_image
from pressclip.model import Article, Exchange
from pressclip.urls import HTTP_PREFIXES
from pressclip.write import safe_filename, url_slug, write_new_file

Log = Callable[[str], None]

DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_MAX_TOTAL_BYTES = 100_000_000
DEFAULT_MAX_COUNT = 100
DEFAULT_MAX_SECONDS = 300.0
MIN_IMAGE_SECONDS = 1.0
"""An image is not started with less time than this left of ``max_seconds``."""
DATA_URL_GROWTH = 3
"""Most characters a ``data:`` URL spends per byte (``%XX``; base64 takes 4 per 3)."""
DATA_PREFIX = "data:"
BASE64_SUFFIX = ";base64"
FALLBACK_STEM = "image"
SHOWN_URL_LENGTH = 60
"""``data:`` URLs are cut to this length in messages."""

# Signatures of the formats kept (WHATWG MIME sniffing, "image type pattern
# matching", plus AVIF and SVG): https://mimesniff.spec.whatwg.org/#matching-an-image-type-pattern
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GIF_SIGNATURES = (b"GIF87a", b"GIF89a")
RIFF_SIGNATURE = b"RIFF"
WEBP_FORM = b"WEBP"
FTYP_BOX = b"ftyp"
AVIF_BRANDS = frozenset({b"avif", b"avis"})
FTYP_MAX_BYTES = 256
"""Brands further into an ``ftyp`` box than this are not looked at."""
SVG_SNIFF_BYTES = 4096
# What may come before the <svg> root: an XML declaration, comments, a doctype.
SVG_PROLOGUE = (("<?", "?>"), ("<!--", "-->"), ("<!", ">"))
SVG_ROOT = "<svg"
SVG_ROOT_ENDS = frozenset(" \t\n\r\f>/")
FORMAT_NAMES = "JPEG, PNG, GIF, WebP, AVIF or SVG"

# An image in the Markdown the extractor writes: ``![alt](destination)``, the
# alt text backslash-escaped, the destination without spaces or parentheses.
MARKDOWN_IMAGE = re.compile(r"(!\[(?:[^\]\\]|\\.)*\]\()([^()\s]+)(\))")
# How the extractor escapes those three characters in a destination.
DESTINATION_ESCAPES = (("%20", " "), ("%28", "("), ("%29", ")"))


@dataclass(frozen=True)
class ImageLimits:
    """Caps on what ``--images`` downloads; sizes in bytes."""

    max_bytes: int = DEFAULT_MAX_BYTES
    """Largest image (a bigger one is skipped, as a failure)."""
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    """Largest sum of the images saved for one article."""
    max_count: int = DEFAULT_MAX_COUNT
    """Most images saved for one article; the rest keep their remote URLs."""
    max_seconds: float = DEFAULT_MAX_SECONDS
    """Time for all the images of one article; each download gets what is left, at most
    its own ``--timeout``, and the images not started in time keep their remote URLs."""

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_total_bytes", "max_count"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                option = name.replace("_", "-")
                raise UsageError(f"{option} must be a non-negative integer, not {value!r}")
        if not isinstance(self.max_seconds, (int, float)) or not self.max_seconds > 0:
            raise UsageError(f"max-seconds must be a positive number, not {self.max_seconds!r}")


@dataclass(frozen=True)
class ImageFailure:
    """An image that was not saved, and why (one line)."""

    url: str
    reason: str


@dataclass(frozen=True)
class SavedImages:
    """What :func:`save_images` did."""

    article: Article
    """The article with every saved image pointing at its local file."""
    links: Mapping[str, str]
    """Each saved image's URL and the relative link to its file."""
    failures: tuple[ImageFailure, ...] = ()
    exchanges: tuple[Exchange, ...] = ()
    """The HTTP exchanges of the downloads, for the WARC."""

    @property
    def total(self) -> int:
        return len(self.links) + len(self.failures)

    def warning(self) -> str | None:
        """``2 of 14 images could not be saved``, or ``None`` when all were."""
        if not self.failures:
            return None
        noun = "image" if self.total == 1 else "images"
        return f"{len(self.failures)} of {self.total} {noun} could not be saved"


class _Refused(Exception):
    """Internal: this image is not saved; the message says why."""


@dataclass
class _Budget:
    """The names taken and the bytes saved so far."""

    limits: ImageLimits
    names: set[str] = field(default_factory=set)
    saved_bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    def seconds_left(self) -> float:
        return self.limits.max_seconds - (time.monotonic() - self.started)


def image_urls(article: Article) -> list[str]:
    """The lead image and the body's images, each once, in that order."""
    candidates = [article.lead_image, *(image.src for image in article.images)]
    return list(dict.fromkeys(url for url in candidates if url))


def save_images(
    article: Article,
    folder: Path,
    link_prefix: str,
    *,
    limits: ImageLimits | None = None,
    options: FetchOptions | None = None,
    log: Log | None = None,
    gate: Gate | None = None,
    record: bool = False,
) -> SavedImages:
    """Save the article's images into ``folder`` (which exists and is empty).

    Links are ``link_prefix/name``, percent-encoded, relative to the archive
    file. A failed download, a non-image, or a cap reached is a failure of
    that image only; a file that cannot be written raises
    :class:`~pressclip.errors.LocalFileError`. ``record`` keeps the HTTP
    exchanges, images included, for a WARC.
    """
    budget = _Budget(limits or ImageLimits())
    base = options or FetchOptions()
    image_options = dataclasses.replace(base, max_bytes=budget.limits.max_bytes)
    links: dict[str, str] = {}
    failures: list[ImageFailure] = []
    exchanges: list[Exchange] = []
    for index, url in enumerate(image_urls(article)):
        try:
            _check_room(url, index, budget)
            timeout = min(image_options.timeout, budget.seconds_left())
            options_now = dataclasses.replace(image_options, timeout=timeout)
            data = _download(url, options_now, log, gate, exchanges if record else None)
            name = _admit(url, data, budget)
        except _Refused as refused:
            failures.append(ImageFailure(url, str(refused)))
            continue
        write_new_file(folder / name, data)
        budget.saved_bytes += len(data)
        links[url] = f"{quote(link_prefix, safe='')}/{quote(name, safe='')}"
    return SavedImages(localize(article, links), links, tuple(failures), tuple(exchanges))


def _download(
    url: str,
    options: FetchOptions,
    log: Log | None,
    gate: Gate | None,
    exchanges: list[Exchange] | None,
) -> bytes:
    """The bytes of the image at ``url``; a failure becomes :class:`_Refused`."""
    if _is_data_url(url):
        return read_data_url(url, options.max_bytes)
    if not url.lower().startswith(HTTP_PREFIXES):
        raise _Refused(f"only http(s) and data: images are saved: {_shown(url)}")
    try:
        page = fetch_image(url, options, log=log, gate=gate)
    except PressclipError as exc:
        raise _Refused(str(exc)) from exc
    if exchanges is not None:
        exchanges.extend(page.exchanges)
    return page.content


def _check_room(url: str, index: int, budget: _Budget) -> None:
    """Refuse, before downloading it, an image past the count cap or the full total cap."""
    if index >= budget.limits.max_count:
        raise _Refused(f"more than {budget.limits.max_count} images: {_shown(url)}")
    if budget.saved_bytes >= budget.limits.max_total_bytes:
        raise _Refused(_over_total(url, budget))
    if budget.seconds_left() < MIN_IMAGE_SECONDS:
        seconds = f"{budget.limits.max_seconds:g}"
        raise _Refused(f"no time left of the {seconds} s for images: {_shown(url)}")


def _over_total(url: str, budget: _Budget) -> str:
    cap = budget.limits.max_total_bytes
    return f"images would pass the total cap of {cap:,} bytes: {_shown(url)}"


def _admit(url: str, data: bytes, budget: _Budget) -> str:
    """The file name for ``data``, once it is known to be an image within the total cap."""
    extension = sniff_extension(data)
    if extension is None:
        raise _Refused(f"not a {FORMAT_NAMES} image: {_shown(url)}")
    if budget.saved_bytes + len(data) > budget.limits.max_total_bytes:
        raise _Refused(_over_total(url, budget))
    return _unique_name(url, extension, budget.names)


def read_data_url(url: str, max_bytes: int) -> bytes:
    """The bytes of a ``data:`` URL (base64 or percent-encoded), at most ``max_bytes``."""
    header, comma, body = url[len(DATA_PREFIX) :].partition(",")
    if not comma:
        raise _Refused(f"malformed data: URL: {_shown(url)}")
    if len(body) > max_bytes * DATA_URL_GROWTH:  # too long to decode to max_bytes or less
        raise _Refused(f"data: URL image larger than {max_bytes:,} bytes: {_shown(url)}")
    if header.lower().endswith(BASE64_SUFFIX):
        try:
            data = base64.b64decode(unquote(body))
        except ValueError:  # binascii.Error
            raise _Refused(f"invalid base64 in data: URL: {_shown(url)}") from None
    else:
        data = unquote_to_bytes(body)
    if len(data) > max_bytes:
        raise _Refused(f"data: URL image larger than {max_bytes:,} bytes: {_shown(url)}")
    return data


def sniff_extension(data: bytes) -> str | None:
    """The extension for an image's bytes (``.jpg``, ``.png``, …); ``None`` if not one kept."""
    if data.startswith(JPEG_SIGNATURE):
        return ".jpg"
    if data.startswith(PNG_SIGNATURE):
        return ".png"
    if data.startswith(GIF_SIGNATURES):
        return ".gif"
    if data.startswith(RIFF_SIGNATURE) and data[8:12] == WEBP_FORM:
        return ".webp"
    if _is_avif(data):
        return ".avif"
    if _is_svg(data):
        return ".svg"
    return None


def _is_avif(data: bytes) -> bool:
    """An ISO base media file whose ``ftyp`` box names an AVIF brand (major or compatible)."""
    if data[4:8] != FTYP_BOX:
        return False
    size = int.from_bytes(data[:4], "big")
    box = data[8 : min(max(size, 16), FTYP_MAX_BYTES)]
    brands = [box[i : i + 4] for i in range(0, len(box) - 3, 4)]
    # brands[1] is the minor version, not a brand.
    return any(brand in AVIF_BRANDS for i, brand in enumerate(brands) if i != 1)


def _is_svg(data: bytes) -> bool:
    """Text whose root element, after any prologue, is ``<svg``."""
    text = data[:SVG_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")
    rest = text.lstrip()
    while True:
        skipped = _skip_prologue(rest)
        if skipped is None:
            end = len(SVG_ROOT)
            return rest.startswith(SVG_ROOT) and rest[end : end + 1] in SVG_ROOT_ENDS
        rest = skipped.lstrip()


def _skip_prologue(text: str) -> str | None:
    """``text`` after one leading declaration, comment or doctype; ``None`` if none leads."""
    for start, end in SVG_PROLOGUE:
        if text.startswith(start):
            close = text.find(end, len(start))
            return None if close < 0 else text[close + len(end) :]
    return None


def _unique_name(url: str, extension: str, taken: set[str]) -> str:
    """``photo.jpg``, then ``photo-2.jpg``: a safe name from the URL, unique ignoring case."""
    stem = FALLBACK_STEM if _is_data_url(url) else url_slug(url)
    stem = stem or FALLBACK_STEM
    for candidate in _numbered(stem, extension):
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
    raise AssertionError("unreachable: the numbering never ends")  # pragma: no cover


def _numbered(stem: str, extension: str) -> Iterator[str]:
    yield safe_filename(f"{stem}{extension}")
    number = 2
    while True:
        yield safe_filename(f"{stem}-{number}{extension}")
        number += 1


def localize(article: Article, links: Mapping[str, str]) -> Article:
    """``article`` with each image URL in ``links`` replaced by its local link."""
    if not links:
        return article

    def local(match: re.Match[str]) -> str:
        destination = match.group(2)
        link = links.get(destination) or links.get(_unescape_destination(destination))
        return match.group(0) if link is None else f"{match.group(1)}{link}{match.group(3)}"

    images = tuple(
        dataclasses.replace(image, src=links.get(image.src, image.src)) if image.src else image
        for image in article.images
    )
    lead = links.get(article.lead_image, article.lead_image) if article.lead_image else None
    markdown = MARKDOWN_IMAGE.sub(local, article.markdown)
    return dataclasses.replace(article, markdown=markdown, images=images, lead_image=lead)


def _unescape_destination(destination: str) -> str:
    for escaped, char in DESTINATION_ESCAPES:
        destination = destination.replace(escaped, char)
    return destination


def _is_data_url(url: str) -> bool:
    return url[: len(DATA_PREFIX)].lower() == DATA_PREFIX


def _shown(url: str) -> str:
    """``url`` for a message: printable, and a long ``data:`` URL cut short."""
    if _is_data_url(url) and len(url) > SHOWN_URL_LENGTH:
        url = url[:SHOWN_URL_LENGTH] + "…"
    return printable(url)
