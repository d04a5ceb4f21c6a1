"""Author names: JSON-LD ``author``, then ``<meta>``, then the byline in the page.

Each source is a function that returns author strings; ``find_authors`` ranks them.
The order below was chosen on the fundus pages (news sites of ~40 countries), by
how often each source agrees with the names the page credits:

1. JSON-LD ``author`` (``creator`` when no author is given): typed and curated by
   the CMS; it is right on nearly every page that has it, including the odd
   credits ("Guardian staff reporter", "BR24 Redaktion"), so its names are taken
   as they are, only split and cleaned.
2. ``<meta>`` author keys: often the site itself (``NDR.de``, ``LTO``), a link to
   a social profile, or a photo credit next to the name.
3. The visible byline, found in one walk over the tree: microdata
   ``itemprop=author`` → ``rel=author`` → a class or id with "author"/"byline" →
   a link to an author page → an "Author:" label. It is the noisiest source
   (roles, dates, places, buttons, other stories' teasers), so its fragments must
   look like names, and only the first byline and its neighbours are read.
4. A paragraph that is only a bold name at the start or end of the text, the
   signature of small newsrooms.

The first source that names someone other than the publisher wins. The
publisher (site name, JSON-LD publisher, the host's label: ``n-tv NACHRICHTEN``
on ``n-tv.de``; any author string carrying a web address) is dropped when a
person is named, and is the answer only when nobody is: JSON-LD often credits an
unsigned piece to the site while the byline names the reporter, and the byline
is the better answer then; with no byline, the site is what the page credits.

Names are split on commas, "and" and its equivalents; "By"/"Von"/"Par" and
labels ("Text:"), role words ("Reporter", "기자"), parenthesised asides, e-mail
addresses, URLs, dates and photo or source credits are cut, and duplicates dropped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag

from pressclip.extract.document import Document
from pressclip.extract.text import clean, ld_text, unique

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "cxenseparse:author",
)
LD_AUTHOR_KEYS = ("author", "creator")
BYLINE_HINTS = ("author", "byline", "autor")
"""Substrings of a class or id that mark a byline (``article__author``, ``authorname``)."""
NOT_BYLINE_HINTS = (
    "comment",
    "bio",
    "avatar",
    "image",
    "img",
    "photo",
    "about",
    "more",
    "social",
    "follow",
    "desc",
    "teaser",
    "card",
    "widget",
    "related",
)
"""Substrings that mark author boxes, comment threads, teasers and quotes rather than the byline."""
AUTHOR_PATH = re.compile(
    r"/(?:authors?|autor|autoren|auteurs?|autores?|autori|journalists?|profile)/", re.I
)
"""A link to an author page (``/autoren/name/max-kolter``)."""
LABEL_TAGS = frozenset({"strong", "b", "dt", "th", "span", "label", "em"})
AUTHOR_LABEL = re.compile(
    r"^\s*(?:autor(?:in)?(?:\s*/\s*autor(?:in)?)?|autoren|authors?|auteurs?|autore|autori|"
    r"forfatter|författare|written by|text)\s*:?\s*$",
    re.I,
)
"""The label of a label–value byline (``<strong>Autorin/Autor</strong> Roman Goncharenko``)."""
LABEL_KIND = 4
SIGNATURE_TAGS = ("strong", "b")
SIGNATURE_HEAD = 3
SIGNATURE_TAIL = 2
SIGNATURE_MAX_CHARS = 60
FOREIGN_BLOCKS = ("comment", "teaser", "related", "card")
"""Class or id hints of an ancestor that holds other people's bylines."""
BYLINE_HINT = re.compile("|".join(BYLINE_HINTS))
NOT_BYLINE_HINT = re.compile("|".join(NOT_BYLINE_HINTS))
FOREIGN_BLOCK = re.compile("|".join(FOREIGN_BLOCKS))
UTILITY_CLASS = re.compile(r"[\[:=]")
"""Utility classes ("[grid-area:authors]", "md:mt-8") describe layout, not content."""
SKIP_PARENTS = frozenset(
    {"aside", "footer", "nav", "figure", "figcaption", "blockquote", "form", "script", "style"}
)
BY_PREFIX = re.compile(
    r"^\s*(?:\w+(?:\s+\w+)?\s*:\s*)?(?:(?:written|posted|reported|ein\s+beitrag|beitrag)\s+)?"
    r"(?:(?:by|von|vom|par|por|di|da|door|av|af|przez|от|из|about|über)\s*[:\-]?(?:\s+|$))?",
    re.I,
)
"""What comes before a name: a label ("Text:", "Interview:", "Текст:") and "By"/"Von"/"Par"."""
BY_INSIDE = re.compile(r"^.*?\s(?:by|par|por|door|przez)\s+(?=\S)", re.I)
"""Words before an unambiguous "by" ("Photos and text by Jane Doe"); not "von", a name particle."""
SPLIT_NAMES = re.compile(
    r"\s*(?:,|;|\||/|／|&|\+|·|•|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b)\s*", re.I
)
ROLE_SUFFIX = re.compile(r"\s*(?:기자|특파원|記者|特派員|通訊員|记者)$")
ROLE_WORDS = frozenset(
    {
        "journalist",
        "journalistin",
        "reporter",
        "reporterin",
        "redakteur",
        "redakteurin",
        "photographer",
        "fotograf",
        "fotografin",
        "correspondent",
        "korrespondent",
        "korrespondentin",
        "editor",
        "senior",
        "staff",
        "writer",
        "contributor",
        "columnist",
        "autor",
        "autorin",
        "author",
        "text",
        "texte",
        "texto",
        "testo",
    }
)
"""A name made only of these words is a role, not a person (``/ Journalist``)."""
WEB_ADDRESS = re.compile(r"://|\bwww\.")
PARENTHESES = re.compile(r"\([^()]*\)")
"""Asides in an author string: "(jse)", "(Image: Getty Images)", "(www.dw.com)"."""
LINKS = re.compile(r"\S*(?:://|www\.|@)\S*")
"""URLs and e-mail addresses, cut before a string is split into names."""
CREDIT = re.compile(
    r"^\s*(?:quelle|source|fuente|fonte|kilde|källa|bron|foto|fotos|photo|photos|bild|bilder|"
    r"image|images|video|grafik|illustration|credits?)\b[^:]{0,20}:",
    re.I,
)
"""A credit for where the text or a picture came from ("Quelle: dpa", "Foto [M]: X"): it
and the names after it are no authors."""
NOT_A_NAME = re.compile(
    r"\b\d|^\(|©|\b(?:image|images|photo|photos|foto|fotos|bild|bilder|getty|"
    r"istockphoto|shutterstock|updated|published|aktualisiert|min read|read more|share|teilen)\b",
    re.I,
)
"""Text that is a URL, e-mail, date, photo credit or page furniture rather than a name."""
BYLINE_NOISE = re.compile(
    r"staff|editor|newsroom|reporter|correspon|redakteur|redaktor|director|producer|journalist|"
    r"agentur|agency|agencies|columnist|kolumnist|photograph|fotograf|kommentar|\b(?:stand|uhr|"
    r"lesezeit|minutes?|min)\b|[\"“”„«»?!]",
    re.I,
)
"""Roles, furniture and headline punctuation: not in a byline name (JSON-LD may have them)."""
PARTICLES = frozenset(
    {"von", "van", "vom", "zu", "der", "den", "de", "du", "da", "di", "del", "della", "dos", "das"}
    | {"la", "le", "bin", "ibn", "al", "el", "ten", "ter", "af", "av"}
)
"""Lower-case words that may sit inside a name (``Ursula von der Leyen``)."""
FUNCTION_WORDS = frozenset(
    {"the", "of", "for", "in", "on", "with", "at", "from", "all", "our", "your"}
    | {"im", "zur", "zum", "für", "mit", "aus", "bei", "alle", "sur", "pour", "avec", "dans"}
)
"""Words of a heading or a button ("SHOW ALL ARTICLES OF", "Zur Artikelübersicht"), not a name."""
SECOND_LEVEL_SUFFIXES = frozenset(
    {"co", "com", "net", "org", "or", "ne", "ac", "gov", "gob", "edu"}
)
"""Registries under a country code (``bbc.co.uk``, ``ntv.com.tr``): the name is one label up."""
ACCENTS = re.compile(r"[\u0300-\u036f]")
MAX_NAME_WORDS = 5
MAX_BYLINE_CHARS = 150
MAX_BYLINE_TAGS = 6
MAX_AUTHORS = 12
MIN_PUBLISHER_PREFIX = 4

Source = Callable[[Document], list[str]]


def find_authors(doc: Document, site: str | None) -> tuple[str, ...]:
    """The article's authors, in the order the page gives them."""
    publisher = _publisher(doc, site)
    fallback: list[str] = []
    sources: tuple[tuple[Source, bool], ...] = (
        (_jsonld_authors, False),
        (_meta_authors, False),
        (_byline_authors, True),
        (_signature_authors, True),
    )
    for source, strict in sources:
        persons: list[str] = []
        others: list[str] = []
        for raw in source(doc):
            # An author string that carries a web address names the organisation.
            is_org = bool(WEB_ADDRESS.search(raw))
            for name in _split(raw, strict=strict):
                is_other = is_org or _is_publisher(name, publisher)
                (others if is_other else persons).append(name)
        if persons:
            return tuple(unique(persons)[:MAX_AUTHORS])
        fallback = fallback or unique(others)
    return tuple(fallback[:MAX_AUTHORS])


# ------------------------------------------------------------------ sources


def _jsonld_authors(doc: Document) -> list[str]:
    article = doc.article_ld() or {}
    for key in LD_AUTHOR_KEYS:
        names = list(_ld_names(article.get(key), doc))
        if names:
            return names
    return []


def _ld_names(value: Any, doc: Document) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _ld_names(item, doc)
    elif isinstance(value, dict):
        name = value.get("name") or value.get("byline")
        if isinstance(name, str):
            yield name
        elif isinstance(value.get("@id"), str):
            yield from _ld_names(_resolve_ref(doc, value["@id"]), doc)


def _resolve_ref(doc: Document, ref: str) -> dict[str, Any] | None:
    for item in doc.jsonld:
        if item.get("@id") == ref and isinstance(item.get("name"), str):
            return item
    return None


def _meta_authors(doc: Document) -> list[str]:
    for key in AUTHOR_META:
        values = [v for v in doc.meta.get(key, ()) if v.strip()]
        if any(_split(v, strict=False) for v in values):
            return values
    return []


def _byline_authors(doc: Document) -> list[str]:
    """Text of the page's byline: microdata, then ``rel=author``, then byline classes.

    One walk over the tree collects all three kinds; the first kind with a usable
    element wins, and within it the outermost elements, in page order.
    """
    kinds: tuple[list[Tag], ...] = ([], [], [], [], [])
    for tag in doc.elements:
        kind = _byline_kind(tag)
        if kind == LABEL_KIND and tag.parent is not None:
            kinds[kind].append(tag.parent)
        elif kind is not None:
            kinds[kind].append(tag)
    for tags in kinds:
        texts = _byline_texts(tags)
        if texts:
            return texts
    return []


def _signature_authors(doc: Document) -> list[str]:
    """A paragraph that is only a name in bold, at the start or the end of the text.

    Small newsrooms sign this way (``<p><strong>Mohloai Mpesi</strong></p>``); the
    text is the element holding most paragraphs.
    """
    paragraphs = doc.named("p")
    if not paragraphs:
        return []
    counts = Counter(id(p.parent) for p in paragraphs)
    text_id = counts.most_common(1)[0][0]
    body = [p for p in paragraphs if id(p.parent) == text_id]
    for paragraph in body[:SIGNATURE_HEAD] + body[-SIGNATURE_TAIL:]:
        bold = paragraph.find(SIGNATURE_TAGS)
        text = clean(paragraph.get_text(" "))
        short = " " in text and len(text) <= SIGNATURE_MAX_CHARS
        if short and isinstance(bold, Tag) and clean(bold.get_text(" ")) == text:
            return [text]
    return []


def _byline_kind(tag: Tag) -> int | None:
    """0 microdata author, 1 ``rel=author``, 2 byline class or id, 3 author-page link,
    4 an "Author:" label (the byline is then its parent)."""
    attrs = tag.attrs
    if tag.name in LABEL_TAGS and AUTHOR_LABEL.match(tag.string or ""):
        return LABEL_KIND
    if not attrs:
        return None
    if "itemprop" in attrs and "author" in str(attrs["itemprop"]).lower().split():
        return 0
    rel = attrs.get("rel")
    if rel and "author" in (r.lower() for r in rel):
        return 1
    if "class" not in attrs and "id" not in attrs and tag.name != "a":
        return None
    labels = _labels(tag)
    if BYLINE_HINT.search(labels):
        kind = 2
    elif tag.name == "a" and AUTHOR_PATH.search(str(attrs.get("href", ""))):
        kind = 3
    else:
        return None
    return None if NOT_BYLINE_HINT.search(labels) else kind


def _byline_texts(tags: list[Tag]) -> list[str]:
    """Texts of the first usable byline element and of its siblings or cousins.

    Elements further away are other articles' teasers or a list of the site's authors.
    """
    texts: list[str] = []
    taken: set[int] = set()
    family: set[int] = set()
    for tag in tags:
        if any(id(p) in taken for p in tag.parents) or not _in_article_flow(tag):
            continue
        elders = {id(p) for p in _ancestors(tag, 2)}
        if family and not family & elders:
            continue
        text = _tag_text(tag)
        if 0 < len(text) <= MAX_BYLINE_CHARS:
            taken.add(id(tag))
            family = family or elders
            texts.append(text)
            if len(texts) == MAX_BYLINE_TAGS:
                break
    return texts


def _ancestors(tag: Tag, count: int) -> list[Tag]:
    found: list[Tag] = []
    parent = tag.parent
    while parent is not None and len(found) < count:
        found.append(parent)
        parent = parent.parent
    return found


def _tag_text(tag: Tag) -> str:
    if tag.name == "meta":
        return clean(str(tag.get("content") or ""))
    named = tag.find(itemprop="name") if tag.get("itemprop") else None
    if isinstance(named, Tag):
        return _tag_text(named)
    # Separate text nodes stay separate: "capital | von Jemima Kelly | 05. November 2024".
    return " | ".join(clean(s) for s in tag.stripped_strings)


def _in_article_flow(tag: Tag) -> bool:
    """Outside asides, forms, quotes, comment threads and teaser links."""
    for parent in tag.parents:
        if parent.name in SKIP_PARENTS:
            return False
        if parent.name == "a" and not AUTHOR_PATH.search(str(parent.get("href", ""))):
            return False
        if FOREIGN_BLOCK.search(_labels(parent)):
            return False
    return True


def _labels(tag: Tag) -> str:
    """The tag's classes (less utility classes) and id, lower-cased, in one string to
    search for hints."""
    classes = tag.get("class") or ()
    words = [classes] if isinstance(classes, str) else classes
    text = " ".join(words)
    if UTILITY_CLASS.search(text):
        text = " ".join(w for w in words if not UTILITY_CLASS.search(w))
    return f"{text} {tag.get('id') or ''}".lower()


# ------------------------------------------------------------------ names


def _split(raw: str, *, strict: bool) -> list[str]:
    """The person names in one author string; ``strict`` for visible bylines.

    "|" separates a byline's text nodes; within one, a single word after a name is
    kept ("Von Seb Dumitru, Lille"), while a lone word is a button or a label.
    """
    text = clean(PARENTHESES.sub(" ", LINKS.sub(" ", html.unescape(raw))))
    names = []
    for segment in text.split("|"):
        after_name = False
        for part in SPLIT_NAMES.split(segment):
            if CREDIT.match(part):
                break
            name = clean(ROLE_SUFFIX.sub("", _cut_prefix(part))).strip(" .,:;-–—")
            if _is_name(name) and not (strict and _byline_noise(name, after_name)):
                names.append(name)
                after_name = True
    return names


def _cut_prefix(text: str) -> str:
    return BY_PREFIX.sub("", BY_INSIDE.sub("", text.strip()), count=1)


def _byline_noise(name: str, after_name: bool) -> bool:
    """Whether a byline fragment is not shaped like a name.

    Bylines also hold roles, buttons ("Follow", "Anhören"), initials (``amw``) and
    headlines of teasers; a name is capitalised words, lower case only for particles,
    and a single word only when it is an acronym (``AFP``, ``SID``).
    """
    if BYLINE_NOISE.search(name):
        return True
    words = name.split()
    cased = [w for w in words if any(c.isupper() or c.islower() for c in w)]
    if not cased:
        return False  # scripts without case: CJK, Arabic, Hebrew…
    if len(words) == 1:
        return not (words[0].isupper() or after_name)
    lowered = [w.lower() for w in words]
    return (
        lowered[-1] in PARTICLES
        or any(w in FUNCTION_WORDS for w in lowered)
        or not all(w[0].isupper() or w in PARTICLES for w in cased)
    )


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and not NOT_A_NAME.search(name)
        and any(c.isalpha() for c in name)
        and not all(w.lower() in ROLE_WORDS for w in words)
    )


# ------------------------------------------------------------------ publisher


@dataclass(frozen=True)
class Publisher:
    """Comparison keys for the publisher's names and the label of its host."""

    names: frozenset[str]
    label: str | None


def _publisher(doc: Document, site: str | None) -> Publisher:
    article = doc.article_ld() or {}
    names = (site, ld_text(article.get("publisher")), doc.meta_first("og:site_name"))
    keys = frozenset(k for k in (_key(n) for n in names if n) if k)
    return Publisher(keys, _host_label(doc.page_url))


def _host_label(url: str | None) -> str | None:
    """``ntv`` for ``https://www.n-tv.de/…``: the registered name without its suffix."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    labels = host.split(".")
    if len(labels) < 2:
        return None
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_SUFFIXES and len(labels[-1]) == 2:
        return _key(labels[-3]) or None
    return _key(labels[-2]) or None


def _is_publisher(name: str, publisher: Publisher) -> bool:
    """Whether ``name`` is the site: its name, a prefix of it, or a word equal to the host label."""
    key = _key(name)
    if not key:
        return False
    tokens = {_key(t.split(".")[0]) for t in name.split()}
    if key in publisher.names or publisher.label in tokens:
        return True
    return any(
        min(len(key), len(k)) >= MIN_PUBLISHER_PREFIX and (key.startswith(k) or k.startswith(key))
        for k in publisher.names
    )


def _key(text: str) -> str:
    """Letters and digits only, accents dropped, case-folded: ``Habertürk`` → ``haberturk``."""
    decomposed = ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    return "".join(c for c in decomposed.casefold() if c.isalnum())
