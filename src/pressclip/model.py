"""The records the pipeline stages hand to each other: ``Page`` and ``Article``."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response to it, as a WARC file records them.

    ``payload`` is the response body as received, content coding (gzip, br)
    kept and transfer coding (chunked) undone; it is empty for a redirect,
    whose body is not read.
    """

    url: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    """As sent, ``Host`` first."""
    http_version: str
    """``HTTP/1.1`` or ``HTTP/1.0``."""
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]
    payload: bytes
    started_at: str
    """UTC time the request was sent, ISO 8601 with microseconds."""


@dataclass(frozen=True)
class Page:
    """A page as fetched or read, before any parsing.

    ``content`` holds the bytes exactly as received (after transfer decoding
    such as gzip), so the extractor can do the character decoding itself.
    """

    source: str
    """What the user gave: a URL, a file path, or ``-`` for stdin."""
    content: bytes
    url: str | None = None
    """The URL after redirects (or ``--url`` for a local file); ``None`` if unknown."""
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    """The charset named by the Content-Type header, if any."""
    fetched_at: str = ""
    """UTC time of the fetch or read, ISO 8601 with ``+00:00``."""
    elapsed: float = 0.0
    """Seconds spent fetching (0 for local files)."""
    exchanges: tuple[Exchange, ...] = ()
    """Every HTTP exchange of the fetch, redirects first; empty for local files."""
    private_network: bool = False
    """Whether the fetch could reach non-public addresses: the user's URL is on such a
    network, or they allowed it. URLs the page gives (its images) may then go there too."""

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``content``: what ``--save-html`` writes, for checking it later."""
        return hashlib.sha256(self.content).hexdigest()

    def record(self) -> dict[str, Any]:
        """The fetch record reported beside an article (JSON-serialisable)."""
        return {
            "source": self.source,
            "fetched_url": self.url,
            "status": self.status,
            "content_type": self.content_type,
            "archived": self.fetched_at,
            "elapsed": round(self.elapsed, 3),
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class Image:
    """One image of the article: its absolute source and what describes it.

    ``src`` is None for a figure whose caption the page shows but whose picture
    has no source pressclip can use (e.g. loaded only by script).
    """

    src: str | None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """What ``extract()`` finds in a page. Dates are ISO 8601 strings.

    ``date_published``/``date_modified`` are ``YYYY-MM-DDTHH:MM:SS+HH:MM`` when
    the page gives a time with its offset, ``YYYY-MM-DDTHH:MM:SS`` when it gives
    a time without one, ``YYYY-MM-DD`` when it gives only the day, ``None`` when
    unknown.
    """

    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    lead_image: str | None = None
    images: tuple[Image, ...] = ()
    tags: tuple[str, ...] = ()
    markdown: str = ""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict with exactly the public fields."""
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["tags"] = list(self.tags)
        data["images"] = [asdict(image) for image in self.images]
        return data
