"""One adapter per extractor, each returning the same :class:`Record`.

Every adapter gets the page's bytes exactly as stored (decompressed) and the
case's URL, and is called in-process. Extractors whose API takes bytes
(pressclip, trafilatura, htmldate) get them as they are; those whose API takes
a ``str`` (newspaper4k, goose3, readability-lxml) get them decoded by
:func:`bench.corpus.decode_html`, inside the timed call. Given bytes, those
three trust a stale ``<meta charset>`` and garble pages that are really UTF-8.

A field an extractor does not give is ``None`` in its record and shown as "—"
in the tables. Nothing here may reach the network: image fetching and NLP are
off, and the HTML is always passed in.

Imports are lazy (inside ``make_*``) so that a worker process measures the
memory of one extractor only.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import bench.corpus
from bench.corpus import decode_html

Extract = Callable[[bytes, "str | None"], "Record"]

FIELDS: tuple[str, ...] = ("title", "date", "datetime", "authors", "body", "captions")


@dataclass(frozen=True)
class Record:
    """What an extractor found on a page (``None``: the extractor does not give it)."""

    title: str | None = None
    date: str | None = None
    """ISO day ``YYYY-MM-DD`` or date-time (with offset when known)."""
    authors: list[str] | None = None
    body: str | None = None
    captions: list[str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "authors": self.authors,
            "body": self.body,
            "captions": self.captions,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Record:
        data = data or {}
        return cls(
            title=data.get("title"),
            date=data.get("date"),
            authors=data.get("authors"),
            body=data.get("body"),
            captions=data.get("captions"),
        ).coerced()

    def coerced(self) -> Record:
        """The same record with every field of the declared type (peers return odd things)."""
        return Record(
            title=_string(self.title),
            date=_string(self.date),
            authors=None if self.authors is None else _strings(self.authors),
            body=_string(self.body),
            captions=None if self.captions is None else _strings(self.captions),
        )


EMPTY = Record()


@dataclass(frozen=True)
class Peer:
    """An extractor: how to build its adapter and which fields it gives."""

    name: str
    distribution: str
    fields: frozenset[str]
    make: Callable[[], Extract]

    def version(self) -> str:
        if self.name == "pressclip":
            return pressclip_version()
        try:
            return importlib.metadata.version(self.distribution)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    def code_key(self) -> str:
        """A hash of the adapters' and the page decoder's source: cached results expire
        when either changes."""
        source = inspect.getsource(sys.modules[__name__]) + inspect.getsource(bench.corpus)
        return hashlib.sha1(source.encode()).hexdigest()[:10]


# ---------------------------------------------------------------------- helpers


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _strings(value: Any) -> list[str]:
    """Flatten nested lists/tuples of names into a list of non-empty strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return _strings(value.get("name"))
    if isinstance(value, (list, tuple, set)):
        return [item for part in value for item in _strings(part)]
    return _strings(str(value))


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _iso(value: Any) -> str | None:
    """A date or datetime (or string) as an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return _text_or_none(value)


def _split_authors(value: str | None) -> list[str]:
    """trafilatura joins authors with "; "."""
    if not value:
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table"),
        *("td", "th", "tr", "ul"),
    }
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, with a blank line between block elements."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if node.text and tag not in ("script", "style"):
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n\n")
        if node.tail:
            parts.append(node.tail)

    walk(root)
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------- adapters


def make_pressclip() -> Extract:
    _ensure_pressclip_importable()
    from pressclip import extract

    def run(html: bytes, url: str | None) -> Record:
        article = extract(html, url=url)
        return Record(
            title=article.title,
            date=article.date_published,
            authors=list(article.authors),
            body=article.text,
            captions=[image.caption for image in article.images if image.caption],
        )

    return run


def make_trafilatura() -> Extract:
    import json

    import trafilatura

    def run(html: bytes, url: str | None) -> Record:
        # The JSON output (text without comments, plus metadata) is what reproduces
        # the published figures; bare_extraction's .text differs on a few pages.
        raw = trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
        if not raw:
            return Record(authors=[], body="")
        data = json.loads(raw)
        return Record(
            title=_text_or_none(data.get("title")),
            date=_iso(data.get("date")),
            authors=_split_authors(data.get("author")),
            body=data.get("text") or "",
        )

    return run


def make_newspaper4k() -> Extract:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False
    config.memorize_articles = False
    config.disable_category_cache = True
    config.follow_meta_refresh = False

    def run(html: bytes, url: str | None) -> Record:
        article = newspaper.Article(url or "", config=config)
        article.download(input_html=decode_html(html))
        article.parse()
        return Record(
            title=_text_or_none(article.title),
            date=_iso(article.publish_date),
            authors=list(article.authors or []),
            body=article.text or "",
        )

    return run


def make_readability() -> Extract:
    from readability import Document

    def run(html: bytes, url: str | None) -> Record:
        doc = Document(decode_html(html), url=url)
        return Record(
            title=_text_or_none(doc.short_title()),
            body=html_to_text(doc.summary(html_partial=True)),
        )

    return run


def make_goose3() -> Extract:
    import dateutil.parser
    from goose3 import Goose
    from goose3.crawler import TIMEZONE_INFO

    goose = Goose({"enable_image_fetching": False, "http_timeout": 0.001})

    def goose_date(article: Any) -> str | None:
        # publish_datetime_utc is the same instant shifted to UTC, which can
        # change the day: keep goose's own parse of its string, in local time.
        raw = article.publish_date
        if raw:
            with contextlib.suppress(ValueError, OverflowError, TypeError):
                return dateutil.parser.parse(raw, tzinfos=TIMEZONE_INFO).isoformat()
        return _iso(article.publish_datetime_utc)

    def run(html: bytes, url: str | None) -> Record:
        article = goose.extract(url=url, raw_html=decode_html(html))
        return Record(
            title=_text_or_none(article.title),
            date=goose_date(article),
            authors=list(article.authors or []),
            body=article.cleaned_text or "",
        )

    return run


def make_htmldate() -> Extract:
    from htmldate import find_date

    def run(html: bytes, url: str | None) -> Record:
        found = find_date(html, url=url, extensive_search=True, original_date=True)
        return Record(date=found or None)

    return run


PEERS: dict[str, Peer] = {
    peer.name: peer
    for peer in (
        Peer("pressclip", "pressclip", frozenset(FIELDS), make_pressclip),
        Peer(
            "trafilatura",
            "trafilatura",
            frozenset({"title", "date", "authors", "body"}),
            make_trafilatura,
        ),
        Peer(
            "newspaper4k",
            "newspaper4k",
            frozenset({"title", "date", "datetime", "authors", "body"}),
            make_newspaper4k,
        ),
        Peer("readability", "readability-lxml", frozenset({"title", "body"}), make_readability),
        Peer(
            "goose3",
            "goose3",
            frozenset({"title", "date", "datetime", "authors", "body"}),
            make_goose3,
        ),
        Peer("htmldate", "htmldate", frozenset({"date"}), make_htmldate),
    )
}
"""``datetime`` is listed only for extractors that give a time of day."""


# -------------------------------------------------------------------- pressclip

REPO_ROOT = Path(__file__).resolve().parents[1]


def _ensure_pressclip_importable() -> None:
    """Use the checkout's ``src/`` when pressclip is not installed in the venv."""
    try:
        import pressclip  # noqa: F401
    except ImportError:
        src = str(REPO_ROOT / "src")
        if src not in sys.path:
            sys.path.insert(0, src)


def pressclip_version() -> str:
    """``__version__`` of the checkout's pressclip plus its git commit, if known."""
    _ensure_pressclip_importable()
    try:
        import pressclip

        version = str(getattr(pressclip, "__version__", "?"))
    except Exception:  # noqa: BLE001 - a broken package still gets a row
        version = "?"
    commit = _git_commit()
    return f"{version} ({commit})" if commit else version


def _git_commit() -> str | None:
    import subprocess

    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head
