"""Author names: JSON-LD ``author``, then ``<meta>``, then bylines in the page.

Only person names come out: "By", roles, dates and e-mail addresses are cut,
duplicates dropped, and an organisation is kept only when no person is named.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from bs4 import Tag

from pressclip.extract.document import Document, ld_types
from pressclip.extract.text import clean, fold

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "cxenseparse:author",
    "twitter:creator",
)
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    'a[rel="author"]',
    '[rel="author"]',
    ".byline .author",
    ".author-name",
    ".author__name",
    ".byline__name",
    ".article-author",
    ".byline",
    ".author",
    ".vcard .fn",
)
BY_PREFIX = re.compile(
    r"^\s*(?:written\s+|posted\s+|reported\s+)?(?:by|von|par|por|di|da|door|av|af|przez|от|из)\s*[:\-]?\s+",
    re.I,
)
SPLIT_NAMES = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b)\s*", re.I)
NOT_A_NAME = re.compile(
    r"https?://|www\.|@|\d{2}|\b(?:staff|editor|newsroom|redaktion|reporter|correspondent|"
    r"agency|agencies|photo|foto|updated|published|min read|read more|share)\b",
    re.I,
)
MAX_NAME_WORDS = 5
MAX_AUTHORS = 12


def find_authors(doc: Document, site: str | None) -> tuple[str, ...]:
    """The article's authors, in the order the page gives them."""
    site_key = fold(site) if site else None
    for source in (_jsonld_authors(doc), _meta_authors(doc), _byline_authors(doc)):
        names = _unique(n for raw in source for n in _split(raw))
        persons = [n for n in names if fold(n) != site_key]
        if persons:
            return tuple(persons[:MAX_AUTHORS])
    return ()


def _jsonld_authors(doc: Document) -> list[str]:
    article = doc.article_ld() or {}
    value = article.get("author") or article.get("creator")
    return list(_ld_names(value, doc))


def _ld_names(value: Any, doc: Document) -> Iterator[str]:
    if isinstance(value, str):
        if not value.startswith("http"):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _ld_names(item, doc)
    elif isinstance(value, dict):
        if "Organization" in ld_types(value) and not value.get("name"):
            return
        name = value.get("name")
        if isinstance(name, str):
            yield name
        elif "@id" in value:
            yield from _ld_names(_resolve_ref(doc, str(value["@id"])), doc)


def _resolve_ref(doc: Document, ref: str) -> Any:
    for item in doc.jsonld:
        if item.get("@id") == ref and "name" in item:
            return {"name": item["name"]}
    return None


def _meta_authors(doc: Document) -> list[str]:
    for key in AUTHOR_META:
        values = [v for v in doc.meta.get(key, ()) if v.strip() and not v.startswith("http")]
        if values:
            return values
    return []


def _byline_authors(doc: Document) -> list[str]:
    for selector in BYLINE_SELECTORS:
        found = [t for t in doc.soup.select(selector, limit=6) if _usable_byline(t)]
        if found:
            return [t.get_text(" ") for t in found]
    return []


def _usable_byline(tag: Tag) -> bool:
    text = clean(tag.get_text(" "))
    return 0 < len(text) <= 120 and not any(
        p.name in ("aside", "footer", "nav") for p in tag.parents
    )


def _split(raw: str) -> list[str]:
    text = clean(html.unescape(raw))
    text = BY_PREFIX.sub("", text)
    names = []
    for part in SPLIT_NAMES.split(text):
        name = clean(BY_PREFIX.sub("", part)).strip(" .,:;-–—|")
        if _is_name(name):
            names.append(name)
    return names


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and not NOT_A_NAME.search(name)
        and any(c.isalpha() for c in name)
    )


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = fold(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
