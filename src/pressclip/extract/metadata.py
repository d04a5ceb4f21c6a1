"""Title, description, site name, language, canonical URL, lead image and tags."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bs4 import Tag

from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold, ld_text

TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+")
SITE_NAME_KEYS = ("og:site_name", "application-name", "twitter:site", "al:android:app_name")
DESCRIPTION_KEYS = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
TAG_KEYS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
LANGUAGE_KEYS = ("og:locale", "content-language", "dc.language", "language")
MAX_H1 = 3


def site_name(doc: Document) -> str | None:
    """The publication's name, from OpenGraph, then JSON-LD publisher or website."""
    name = doc.meta_first(*SITE_NAME_KEYS)
    if name and not name.startswith("@"):
        return clean(html.unescape(name))
    article = doc.article_ld() or {}
    publisher = ld_text(article.get("publisher"))
    if publisher and not publisher.startswith("http"):
        return publisher
    for item in doc.jsonld:
        if "WebSite" in item.get("@type", ()) or item.get("@type") == "Organization":
            found = ld_text(item.get("name"))
            if found:
                return found
    return None


def title(doc: Document, site: str | None) -> str | None:
    """The headline: candidates from JSON-LD, OpenGraph, ``<h1>`` and ``<title>``, by agreement."""
    article = doc.article_ld() or {}
    names = _site_names(doc, site)
    metas = [
        ld_text(article.get("headline")) or ld_text(article.get("name")),
        _strip_site(doc.meta_first("og:title"), names),
        _strip_site(doc.meta_first("twitter:title"), names),
        _strip_site(_title_tag(doc), names),
    ]
    metas = [clean(html.unescape(m)) for m in metas if m]
    h1s = _h1_texts(doc)
    folded = {fold(m) for m in metas}
    for h1 in h1s:
        if fold(h1) in folded:
            return h1
    for h1 in h1s:
        if any(fold(h1) in fold(m) or fold(m) in fold(h1) for m in metas):
            return h1
    if metas:
        return max(metas, key=lambda m: sum(fold(m) == fold(o) for o in metas))
    return h1s[0] if h1s else None


def description(doc: Document) -> str | None:
    article = doc.article_ld() or {}
    found = ld_text(article.get("description")) or doc.meta_first(*DESCRIPTION_KEYS)
    return clean(html.unescape(found)) if found else None


def language(doc: Document) -> str | None:
    """The primary language subtag (``en`` for ``en-US``), lower-cased."""
    root = doc.soup.find("html")
    candidates = [
        root.get("lang") if isinstance(root, Tag) else None,
        root.get("xml:lang") if isinstance(root, Tag) else None,
        ld_text((doc.article_ld() or {}).get("inLanguage")),
        doc.meta_first(*LANGUAGE_KEYS),
    ]
    for value in candidates:
        if value:
            primary = re.split(r"[-_\s]", str(value).strip())[0].lower()
            if primary.isalpha() and 2 <= len(primary) <= 3:
                return primary
    return None


def canonical_url(doc: Document) -> str | None:
    link = doc.soup.find("link", rel="canonical", href=True)
    candidates = [
        str(link["href"]) if isinstance(link, Tag) else None,
        doc.meta_first("og:url"),
        ld_text((doc.article_ld() or {}).get("url")),
    ]
    for candidate in candidates:
        found = doc.absolute(candidate)
        if found and urlsplit(found).scheme in ("http", "https"):
            return found
    return doc.page_url


def lead_image(doc: Document) -> str | None:
    article = doc.article_ld() or {}
    for candidate in (doc.meta_first(*IMAGE_KEYS), ld_text(article.get("image"))):
        found = doc.absolute(candidate)
        if found:
            return found
    return None


def tags(doc: Document) -> tuple[str, ...]:
    article = doc.article_ld() or {}
    values: list[str] = []
    keywords = article.get("keywords")
    if isinstance(keywords, list):
        values.extend(k for k in keywords if isinstance(k, str))
    elif isinstance(keywords, str):
        values.extend(keywords.split(","))
    for key in TAG_KEYS:
        for value in doc.meta.get(key, ()):
            values.extend(value.split(",") if key != "article:tag" else [value])
        if values:
            break
    return tuple(_unique(clean(html.unescape(v)) for v in values))


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = fold(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _site_names(doc: Document, site: str | None) -> set[str]:
    names = {fold(site)} if site else set()
    host = urlsplit(doc.page_url or "").hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    if parts:
        names.add(".".join(parts))
        names.add(parts[0])
    return names


def _strip_site(value: str | None, names: set[str]) -> str | None:
    """Remove a site-name prefix or suffix ("Story - Site", "Site | Story")."""
    if not value:
        return None
    value = clean(html.unescape(value))
    parts = TITLE_SEPARATORS.split(value)
    if len(parts) < 2:
        return value
    squash = {re.sub(r"[\W_]+", "", n) for n in names}
    first, last = parts[0], parts[-1]
    if _is_site(last, squash):
        return clean(value[: value.rfind(last)].rstrip(" |-–—:·•»/"))
    if _is_site(first, squash):
        return clean(value[len(first) :].lstrip(" |-–—:·•»/"))
    return value


def _is_site(part: str, squashed_names: set[str]) -> bool:
    key = re.sub(r"[\W_]+", "", fold(part))
    return bool(key) and any(
        key == n or (len(n) > 3 and n in key) or (len(key) > 4 and key in n)
        for n in squashed_names
    )


def _title_tag(doc: Document) -> str | None:
    tag = doc.soup.find("title")
    return tag.get_text() if isinstance(tag, Tag) else None


def _h1_texts(doc: Document) -> list[str]:
    texts = []
    for h1 in doc.soup.find_all("h1", limit=MAX_H1 * 2):
        text = clean(h1.get_text(" "))
        if text and len(text) < 400:
            texts.append(text)
    return texts[:MAX_H1]
