"""The parsed page that every field extractor reads: the tree, its metadata and its base URL.

Parsing happens once here; the field modules only read from a ``Document``.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from pressclip.decode import decode
from pressclip.errors import ContentError

META_KEY_ATTRS = ("property", "name", "itemprop", "http-equiv")
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
    }
)


@dataclass
class Document:
    """A parsed page with the lookups several extractors share."""

    soup: BeautifulSoup
    url: str | None
    """Base for resolving links: ``<base href>`` against the page URL."""
    page_url: str | None
    meta: dict[str, list[str]] = field(default_factory=dict)
    """``<meta>`` contents by lower-cased property/name/itemprop, in page order."""
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    """Every JSON-LD object, ``@graph`` members flattened, in page order."""

    def meta_first(self, *keys: str) -> str | None:
        """The first non-empty ``<meta>`` content among ``keys``, in key order."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return None

    def absolute(self, href: str | None) -> str | None:
        """``href`` made absolute against the base URL; None for empty or unsafe links."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        try:
            resolved = urljoin(self.url, href) if self.url else href
            scheme = urlsplit(resolved).scheme.lower()
        except ValueError:
            return None
        if scheme in ("http", "https") or (not scheme and not self.url):
            return resolved
        return resolved if scheme == "mailto" else None

    def article_ld(self) -> dict[str, Any] | None:
        """The JSON-LD object describing the article itself, if any."""
        best = None
        for item in self.jsonld:
            types = {t.lower() for t in ld_types(item)}
            if types & ARTICLE_TYPES - {"webpage"}:
                return item
            if best is None and "webpage" in types and item.get("headline"):
                best = item
        return best


def parse(html: bytes | str, url: str | None = None, charset: str | None = None) -> Document:
    """Decode and parse a page once, and gather its metadata."""
    text = decode(html, charset)
    try:
        with warnings.catch_warnings():
            # bs4 warns when a page looks like XML (XHTML, feeds); lxml's HTML parser copes.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, "lxml")
    except Exception as error:  # lxml or bs4 rejecting markup: any parser failure
        raise ContentError(f"could not parse the page: {error}", url) from error
    base = _base_url(soup, url)
    doc = Document(soup=soup, url=base, page_url=url)
    _collect_meta(doc)
    _collect_jsonld(doc)
    return doc


def ld_types(item: dict[str, Any]) -> list[str]:
    """The ``@type`` of a JSON-LD object as a list of names."""
    value = item.get("@type", [])
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _base_url(soup: BeautifulSoup, url: str | None) -> str | None:
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        href = str(base["href"]).strip()
        if href:
            return urljoin(url, href) if url else href
    return url


def _collect_meta(doc: Document) -> None:
    for tag in doc.soup.find_all("meta"):
        content = tag.get("content")
        if content is None:
            continue
        for attr in META_KEY_ATTRS:
            key = tag.get(attr)
            if key:
                doc.meta.setdefault(str(key).strip().lower(), []).append(str(content))


def _collect_jsonld(doc: Document) -> None:
    for script in doc.soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "", strict=False)
        except (ValueError, RecursionError):
            continue
        _flatten(data, doc.jsonld)


def _flatten(data: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, out)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            _flatten(graph, out)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, dict) and "@type" in main:
            out.append(main)
