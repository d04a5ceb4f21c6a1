"""Title, description, site name, language, canonical URL, lead image and tags.

The title is the headline as the page shows it, confirmed by what the page
declares. What the fundus pages (177, ~40 countries) show: JSON-LD
``headline`` and ``og:title`` are the publisher's own declarations of the
headline, and the published headline is one of them on almost every page,
but they differ on a third of the pages (an SEO headline against a social
one); ``twitter:title`` and ``<title>`` are more often an SEO or page title;
the ``<h1>`` is usually the headline as shown, but many sites end their
breadcrumb trail with an SEO ``<h1>`` and show the headline in the next
heading, often behind a kicker (overline) in an element of its own. So the
visible heading decides between the declared titles. First match wins:

1. JSON-LD ``headline`` and ``og:title`` agree (or differ by a section
   suffix such as "-Politik"): that title, whatever the heading adds (a
   section label, a kicker) or leaves out (a kicker shown apart).
2. The first visible heading, or its part after a kicker, that JSON-LD
   ``headline`` or ``og:title`` repeats; ``twitter:title`` and ``<title>``
   confirm only when neither is there. Visible headings: the page's
   ``<h1>``s, then the heading after a breadcrumb ``<h1>``, then that
   ``<h1>``; never an ``<h1>`` that is the site's name (a logo).
3. The first visible heading (not a breadcrumb) that one of them cuts short
   (a truncated JSON-LD headline, "Kicker" for "Kicker: Headline") or puts
   a label or blog name around ("Opinion | Headline", "Headline - Blog").
4. The declared titles in the order JSON-LD, OpenGraph, Twitter,
   ``<title>``; then the first visible heading.

Declared titles are compared without their site-name affixes ("Story |
Site", "Site: Story", "Story – DW – 13.06.2023", "見出し：サイト"), and a
one-word declared title is taken for a section name, not a headline.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import Tag
from bs4.element import CData, NavigableString, PageElement

from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold, ld_text, marks, unique

SITE_NAME_KEYS = ("og:site_name", "application-name", "twitter:site", "al:android:app_name")
DESCRIPTION_KEYS = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_KEYS = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
TAG_KEYS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
LANGUAGE_KEYS = ("og:locale", "content-language", "dc.language", "language")
LANGUAGE_SPLIT = re.compile(r"[-_\s]")
HOST_PREFIXES = frozenset({"www", "m", "amp"})

# Title: the declared titles, in trust order; the first two declare the headline itself.
TITLE_KEYS = ("headline", "og:title", "twitter:title", "title")
DECLARED_KEYS = TITLE_KEYS[:2]
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»›/*]{1,2}\s+")
COLON_LABEL = re.compile(r"([^:]{1,60}?\w):\s+")
"""A label before a colon, stripped only when it is exactly the site name ("Site: Story")."""
AFFIX_MARKS = "|-–—:·•»›/*｜：ㅣ"
"""What separates a title from a site name; "ㅣ" (a Hangul letter) serves as a bar in Korea."""
AFFIX_CHARS = AFFIX_MARKS + " "
DANGLING = "|-–—:·•/*｜： "
"""Left at the end of a title whose site name was cut off upstream ("Story -")."""
SECTION_SUFFIX = re.compile(r"\s*[|\-–—·•/*｜ㅣ]\s*\w[^|\-–—·•/*｜ㅣ]{0,30}")
DATE_AFFIX = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
BYLINE_AFFIX = re.compile(r"by\s+\S.*", re.IGNORECASE)
TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"}
)
"""Host names spell "Börsen-Zeitung" as boersen-zeitung."""
NON_WORD = re.compile(r"[\W_]+")
WORD = re.compile(r"\w+")
MIN_TITLE_WORDS = 2
"""A one-word ``og:title`` is a section ("Pressemitteilungen"), not a headline."""
MAX_SITE_WORDS = 8
"""A longer ``og:site_name`` is a misplaced title, not a name to strip."""
INVISIBLE = str.maketrans("", "", "\u00ad\u200b\ufeff")
"""Soft hyphens, zero-width spaces and BOMs: present in some titles, never seen."""

# Title: the visible headings.
MAX_H1 = 3
MAX_TITLE = 400
CRUMB_DEPTH = 6
CRUMB_TAGS = frozenset({"nav", "li"})
CRUMB_STOP = frozenset({"body", "main", "article", "header", "section"})
CRUMB_MARK = re.compile(r"crumb", re.IGNORECASE)
BLOCK_TAGS = frozenset(
    {"div", "p", "li", "ul", "ol", "section", "header", "hgroup", "h1", "h2", "h3"}
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "img"})
TEXT_TYPES = (NavigableString, CData)
"""Strings a reader sees (not comments, doctypes or processing instructions)."""
SEPARATOR_ONLY = re.compile(r"[\s|\-–—:·•»/*｜：,.]*")
CLOSING = frozenset(",.;:!?)]}…")
OPENING = frozenset("([{")
MIN_TRUNCATED = 0.6
"""A declared title at least this share of a heading's length, and its start, cuts it short."""
LABEL_END = re.compile(r"\w\s*[|:\-–—/»]\s*$")
LABEL_START = re.compile(r"\s+[|\-–—/«»›·•]\s+\w|:\s+\w")


def site_name(doc: Document) -> str | None:
    """The publication's name, from OpenGraph, then JSON-LD publisher or website."""
    for key in SITE_NAME_KEYS:
        for value in doc.meta.get(key, ()):
            name = clean(html.unescape(value))
            if name and not name.startswith(("@", "http")):
                return name
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
    """The headline as shown, confirmed by what the page declares (ranking: module docstring)."""
    names = _site_names(doc, site)
    metas = _meta_titles(doc, names)
    agreed = _agreed(metas.get("headline"), metas.get("og:title"))
    if agreed:
        return agreed
    declared = [metas[k] for k in DECLARED_KEYS if _is_headline(metas.get(k))]
    headings = _headings(doc, names)
    confirming = declared or list(metas.values())
    found = _confirmed(headings, confirming) or _contained(headings, confirming)
    if found:
        return found
    ranked = [m for m in metas.values() if _is_headline(m)] or [h.text for h in headings]
    ranked = ranked or list(metas.values())
    return ranked[0] if ranked else None


def description(doc: Document) -> str | None:
    article = doc.article_ld() or {}
    found = ld_text(article.get("description")) or doc.meta_first(*DESCRIPTION_KEYS)
    return clean(html.unescape(found or "")) or None


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
            primary = LANGUAGE_SPLIT.split(str(value).strip())[0].lower()
            if primary.isalpha() and primary.isascii() and 2 <= len(primary) <= 3:
                return primary
    return None


def canonical_url(doc: Document) -> str | None:
    candidates = [
        next(iter(doc.links.get("canonical", ())), None),
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
        if found and urlsplit(found).scheme in ("http", "https"):
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
    return tuple(unique(clean(html.unescape(v)) for v in values))


# ------------------------------------------------------------------ declared titles


def _site_names(doc: Document, site: str | None) -> set[str]:
    """Forms of the site's name: its declared name (unless a sentence) and its host name."""
    names = {fold(site)} if site and len(WORD.findall(site)) <= MAX_SITE_WORDS else set()
    host = urlsplit(doc.page_url or "").hostname or ""
    parts = [p for p in host.split(".") if p not in HOST_PREFIXES]
    if parts:
        names.add(".".join(parts))
        names.add(parts[0])
    return names


def _meta_titles(doc: Document, names: set[str]) -> dict[str, str]:
    """The declared titles by source, in :data:`TITLE_KEYS` order, without site-name affixes."""
    article = doc.article_ld() or {}
    found = (
        ld_text(article.get("headline")) or ld_text(article.get("name")),
        doc.meta_first("og:title"),
        doc.meta_first("twitter:title"),
        _title_tag(doc),
    )
    out = {}
    for key, value in zip(TITLE_KEYS, found, strict=True):
        stripped = _strip_site(value, names)
        if stripped:
            out[key] = stripped
    return out


def _title_tag(doc: Document) -> str | None:
    return next((tag.get_text() for tag in doc.named("title")), None)


def _strip_site(value: str | None, names: set[str]) -> str | None:
    """``value`` unescaped and without site-name affixes.

    "Story - Site", "Site | Story", "Site: Story", "Story – DW – 13.06.2023",
    "Story | Site | by Author", "見出し：中日新聞Web".
    """
    if not value:
        return None
    value = clean(html.unescape(value).translate(INVISIBLE))
    squashed = {_squash(n) for n in names}
    parts = TITLE_SEPARATORS.split(value)
    while len(parts) > 1 and _is_affix(parts[-1], squashed):
        value = value[: value.rfind(parts.pop())].rstrip(AFFIX_CHARS)
    label = COLON_LABEL.match(value)
    if len(parts) > 1 and _is_site(parts[0], squashed):
        value = value[len(parts[0]) :].lstrip(AFFIX_CHARS)
    elif label and _squash(label.group(1)) in squashed:
        value = value[label.end() :]
    value = clean(_strip_glued_site(value, names)).rstrip(DANGLING)
    return None if _squash(value) in squashed else value


def _is_affix(part: str, squashed_names: set[str]) -> bool:
    part = part.strip()
    return bool(
        _is_site(part, squashed_names) or DATE_AFFIX.fullmatch(part) or BYLINE_AFFIX.fullmatch(part)
    )


def _is_site(part: str, squashed_names: set[str]) -> bool:
    """Whether a title part names the site ("Mail Online" for "Daily Mail Online")."""
    key = _squash(part)
    return bool(key) and any(
        key == n or (len(n) > 3 and n in key) or (len(key) > 4 and key in n) for n in squashed_names
    )


def _strip_glued_site(value: str, names: set[str]) -> str:
    """Remove a site name joined without spaces ("見出し：中日新聞Web")."""
    folded = value.casefold()
    for name in names:
        if len(name) > 1 and len(value) > len(name) and folded.endswith(name):
            rest = value[: len(value) - len(name)].rstrip()
            if rest[-1:] in tuple(AFFIX_MARKS) and rest.rstrip(AFFIX_CHARS):
                return rest.rstrip(AFFIX_CHARS)
    return value


def _squash(text: str) -> str:
    """A loose comparison key: folded, transliterated, without accents, spaces or punctuation."""
    text = fold(text).translate(TRANSLITERATION)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return NON_WORD.sub("", text)


def _is_headline(value: str | None) -> bool:
    return bool(value) and len(WORD.findall(value or "")) >= MIN_TITLE_WORDS


def _agreed(first: str | None, second: str | None) -> str | None:
    """The title two declared titles share: equal, or one plus a section suffix ("-정치")."""
    if not first or not second:
        return None
    short, long = sorted((first, second), key=len)
    if fold(short) == fold(long):
        return second
    if fold(long).startswith(fold(short)) and SECTION_SUFFIX.fullmatch(long[len(short) :]):
        return short
    return None


# ------------------------------------------------------------------ visible headings


@dataclass(frozen=True)
class _Heading:
    """A visible heading as a reader sees it."""

    text: str
    headline: str | None = None
    """The last part, when the heading starts with a kicker in an element of its own."""
    breadcrumb: bool = False


def _headings(doc: Document, names: set[str]) -> list[_Heading]:
    """Headline candidates: page ``<h1>``s, the heading after a breadcrumb ``<h1>``, that ``<h1>``.

    Many sites end the breadcrumb trail with an SEO ``<h1>`` and show the
    headline itself in the next heading.
    """
    main: list[Tag] = []
    crumbs: list[Tag] = []
    for h1 in doc.named("h1")[: MAX_H1 * 2]:
        (crumbs if _in_breadcrumb(h1) else main).append(h1)
    tags = [(tag, False) for tag in main[:MAX_H1]]
    if crumbs:
        shown = crumbs[0].find_next(("h1", "h2"))
        if isinstance(shown, Tag):
            tags.append((shown, False))
        tags.append((crumbs[0], True))
    squashed_names = {_squash(n) for n in names}
    out = []
    for tag, breadcrumb in tags:
        heading = _heading(tag, breadcrumb)
        if heading and _squash(heading.text) not in squashed_names:
            out.append(heading)
    return out


def _in_breadcrumb(h1: Tag) -> bool:
    """An ``<h1>`` in a breadcrumb trail: after the trail's links, in a nav or list item."""
    previous = h1.find_previous_sibling(True)
    if isinstance(previous, Tag) and previous.name == "a":
        return True
    for depth, node in enumerate(h1.parents):
        if depth >= CRUMB_DEPTH or node.name in CRUMB_STOP:
            return False
        if node.name in CRUMB_TAGS or CRUMB_MARK.search(marks(node)):
            return True
    return False


def _heading(tag: Tag, breadcrumb: bool) -> _Heading | None:
    pieces = [_shown_text(child) for child in tag.children]
    text = clean(_join(pieces))
    if not text or len(text) > MAX_TITLE:
        return None
    parts = [clean(p) for p in pieces if not SEPARATOR_ONLY.fullmatch(p)]
    return _Heading(text, parts[-1] if len(parts) > 1 else None, breadcrumb)


def _join(pieces: list[str]) -> str:
    """Sibling texts joined, with a space where a kicker element abuts the headline."""
    out = ""
    for piece in pieces:
        if _abut(out, piece):
            out += " "
        out += piece
    return out


def _abut(left: str, right: str) -> bool:
    """Whether two sibling texts touch with no space nor punctuation between them."""
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    return right[0] not in CLOSING and left[-1] not in OPENING


def _shown_text(node: PageElement) -> str:
    """Text as a reader sees it: inline elements run together, blocks and ``<br>`` apart.

    Walks with a stack rather than recursion: hostile pages nest thousands deep.
    """
    out: list[str] = []
    stack: list[PageElement | None] = [node]
    while stack:
        item = stack.pop()
        if item is None:
            out.append(" ")
        elif isinstance(item, NavigableString):
            if type(item) in TEXT_TYPES:
                out.append(str(item).translate(INVISIBLE))
        elif isinstance(item, Tag) and not _unseen(item):
            if item.name == "br":
                out.append(" ")
                continue
            if item.name in BLOCK_TAGS:
                out.append(" ")
                stack.append(None)
            stack.extend(reversed(item.contents))
    return "".join(out)


def _unseen(tag: Tag) -> bool:
    return tag.name in SKIP_TAGS or tag.get("aria-hidden") == "true"


def _confirmed(headings: list[_Heading], declared: list[str]) -> str | None:
    """The first heading, or its part after a kicker, that a declared title repeats."""
    folded = {fold(d) for d in declared}
    for heading in headings:
        for text in (heading.text, heading.headline):
            if text and fold(text) in folded:
                return text
    return None


def _contained(headings: list[_Heading], declared: list[str]) -> str | None:
    """The first heading that a declared title cuts short or puts behind a label.

    A JSON-LD headline truncated to a length limit or before a colon; "Opinion | Headline" or
    "Headline - Blog Name" in ``og:title`` over an ``<h1>`` "Headline".
    """
    for heading in headings:
        if heading.breadcrumb:
            continue
        shown = fold(heading.text)
        for value in declared:
            title = fold(value)
            if shown.startswith(title) and (
                len(title) >= MIN_TRUNCATED * len(shown) or shown[len(title) :].startswith(":")
            ):
                return heading.text
            if title.endswith(shown) and LABEL_END.search(title[: -len(shown)]):
                return heading.text
            if title.startswith(shown) and LABEL_START.match(title[len(shown) :]):
                return heading.text
    return None
