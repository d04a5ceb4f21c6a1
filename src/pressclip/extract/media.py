"""Images of the article: the best real source, its caption and its credit."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import Tag
from bs4.element import PageElement

from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold, ld_text, marks
from pressclip.model import Image

LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "src",
)
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
CAPTION_CLASS = re.compile(
    r"caption|legend|bildunterschrift|image-?text|img-?desc|photo-?desc|description|subline|"
    r"infotext|info-?text|info__text",
    re.I,
)
CREDIT_CLASS = re.compile(
    r"credit|copyright|source|author|autor|byline|photographer|attribution|quelle", re.I
)
# File-name and class words of the site's chrome; a photo named "pixel-9-review" is not one.
CHROME_WORDS = frozenset(
    (
        "logo",
        "icon",
        "favicon",
        "avatar",
        "sprite",
        "spacer",
        "pixel",
        "blank",
        "placeholder",
        "badge",
        "emoji",
        "gravatar",
        "1x1",
        "transparent",
        "loader",
        "loading",
    )
)
MAX_CHROME_TOKENS = 3
SRCSET_ENTRY = re.compile(r"(\S+)\s+(\d+(?:\.\d+)?)([wx])")
# Where a credit starts inside a caption's text ("… Foto: dpa", "… (Image: Getty)", "… © AFP"),
# German compounds included ("Symbolfoto:", "Archivbild:", "Bildquelle:").
CREDIT_MARK = re.compile(
    r"(?:^|\s|\(|\[|\|)(?:photo(?:graph)?s?|images?|credits?|crédits?|source|copyright|"
    r"ảnh|fotó|zdjęcie|isithombe|(?:photo|image|picture|foto) ?credits?|"
    r"(?:symbol|archiv|presse|agentur)?-?(?:fotos?|bild)|bild(?:er|quelle)|quelle)\s*:|©",
    re.I,
)
# Agencies and words that name a picture's source, in a credit without a "Photo:" mark.
CREDIT_WORDS = (
    r"getty|reuters|afp|dpa|ap|epa|imago|shutterstock|keystone|picture[ -]alliance|"
    r"pa images|anadolu|xinhua|efe|ansa|anp|tass|nuotr|foto|photo|images?"
)
CREDIT_WORD = re.compile(rf"\b(?:{CREDIT_WORDS})\b", re.I)
# A credit after a slash or a bar: "… Higgins. | Jane Roe/PA via Getty Images", "… / LRT nuotr.".
CREDIT_TAIL = re.compile(rf"\s[/|]\s+(?=[^|]*\b(?:{CREDIT_WORDS})\b[^|]*$)", re.I)
MAX_CREDIT_WORDS = 8
PICTURE_TAGS = ("img", "picture", "amp-img")
IMAGE_TAGS = frozenset(("img", "amp-img"))
FIGURE_CLASS = re.compile(r"caption|figure|image|img|photo|media|picture|foto|bild|thumbnail", re.I)
FIGURE_TAGS = frozenset(("div", "span", "p", "aside"))
# Elements that make a block more than a picture with a line under it.
NOT_CAPTION_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote")
MAX_FIGURE_PICTURES = 2
MAX_ALT = 1000
MAX_CAPTION = 500
MAX_FIGURE_TEXT = 700
"""Caption and credit of an unnamed block that holds a marked caption."""
MAX_STRAY_TEXT = 60
"""Text of an unnamed figure outside its caption: a credit, a "View larger" button."""
MIN_SIZE = 32
LD_IMAGE_KEYS = ("image", "associatedMedia")
MAX_LD_IMAGES = 5


def image_source(img: Tag, doc: Document) -> str | None:
    """The best real URL of an ``<img>``: the largest srcset entry, then lazy-loading attributes."""
    for attr in LAZY_SRCSET_ATTRS:
        best = _largest(str(img.get(attr) or ""))
        if best:
            return doc.absolute(best)
    # lxml nests an unclosed <source> around the <img>: look for the <picture> above it.
    picture = img.find_parent("picture")
    if picture is not None:
        for source in picture.find_all("source"):
            best = _largest(str(source.get("srcset") or source.get("data-srcset") or ""))
            if best:
                return doc.absolute(best)
    for attr in LAZY_SRC_ATTRS:
        value = str(img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return doc.absolute(value)
    return None


def is_chrome(img: Tag, src: str) -> bool:
    """Trackers, spacers, icons, avatars and logos: not the article's pictures."""
    for attr in ("width", "height"):
        value = str(img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < MIN_SIZE:
            return True
    classes = {c.lower() for c in img.get("class") or ()}
    stem = src.rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0].lower()
    tokens = [t for t in re.split(r"[^a-z0-9]+", stem) if t]
    named_chrome = bool(CHROME_WORDS & set(tokens)) and len(tokens) <= MAX_CHROME_TOKENS
    return named_chrome or any(CHROME_WORDS & set(re.split(r"[-_]", c)) for c in classes)


def make_image(img: Tag, doc: Document, figure: Tag | None) -> Image | None:
    """An :class:`Image` for ``img`` with the caption and credit of its figure, if any."""
    src = image_source(img, doc)
    if not src or is_chrome(img, src):
        return None
    alt = clean(str(img.get("alt") or ""))[:MAX_ALT] or None
    caption, credit = _caption(figure) if figure is not None else (None, None)
    if not caption:
        caption = clean(str(img.get("data-caption") or "")) or None
    return Image(src=src, alt=alt, caption=caption, credit=credit)


def caption_only(figure: Tag) -> Image:
    """A figure whose picture has no usable source: its caption still belongs to the story."""
    elements = [figure] if figure.name == "figcaption" else caption_elements(figure)
    caption, credit = caption_of(elements)
    return Image(src=None, caption=caption, credit=credit)


def is_figure(tag: Tag) -> bool:
    """A ``<figure>``, or a block around one or two pictures with a caption.

    The block is named like a figure ("image", "photo", "media"…), or it is unnamed
    and holds a marked caption (a ``figcaption`` or a caption-like class) with next
    to no text outside it: a story block or a live-blog entry has its own text.
    """
    if tag.name == "figure":
        return True
    if tag.name not in FIGURE_TAGS:
        return False
    named = bool(FIGURE_CLASS.search(" ".join(tag.get("class") or ())))
    if not named and not short_text(tag, MAX_FIGURE_TEXT):
        return False
    pictures = picture_count(tag)
    if not 0 < pictures <= MAX_FIGURE_PICTURES:
        return False
    marked = marked_captions(tag)
    if pictures > 1 and len({fold(t.get_text()) for t in marked}) > 1:
        return False  # a gallery: each picture has its own caption
    if named:
        return bool(marked) or 0 < len(clean(tag.get_text())) <= MAX_CAPTION
    if not marked or tag.find("figure") is not None:
        return False
    inner = sum(len(clean(t.get_text())) for t in marked)
    return len(clean(tag.get_text())) - inner <= MAX_STRAY_TEXT


def is_loose_figure(tag: Tag) -> bool:
    """A ``<div>`` that holds one picture and a short line of plain text, whatever its names.

    The line is the caption of a CMS that styles it without naming it. Linked text,
    headings, paragraphs or lists in the block mean a teaser or a story block instead.
    Only for the story's element: around it such blocks are logos and author boxes.
    """
    if tag.name != "div" or not short_text(tag, MAX_CAPTION):
        return False
    if picture_count(tag) != 1 or not clean(tag.get_text()):
        return False
    if tag.find(NOT_CAPTION_TAGS) is not None:
        return False
    return not any(clean(a.get_text()) for a in tag.find_all("a"))


def short_text(tag: Tag, limit: int) -> bool:
    """Whether the block's text is at most ``limit`` characters, read no further than that."""
    total = 0
    for text in tag.strings:
        total += len(text.strip())
        if total > limit:
            return False
    return True


def picture_count(tag: Tag, limit: int = MAX_FIGURE_PICTURES + 1) -> int:
    """Pictures in a block, counted up to ``limit``; images that share a parent are one

    (a lazy-loading ``<img>`` and its ``<noscript>`` twin, the sources of a ``<picture>``).
    """
    parents: list[PageElement] = []
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name in IMAGE_TAGS:
            parent = node.parent
            if parent is not None and not any(parent is p for p in parents):
                parents.append(parent)
                if len(parents) >= limit:
                    break
    return len(parents)


def has_marked_caption(block: Tag) -> bool:
    """Whether a block holds a ``<figcaption>`` or an element with a caption-like class."""
    return block.find("figcaption") is not None or any(
        CAPTION_CLASS.search(marks(t)) for t in block.find_all(True)
    )


def marked_captions(figure: Tag) -> list[Tag]:
    """The ``<figcaption>`` elements of a block, else those with a caption-like class."""
    found: list[Tag] = list(figure.find_all("figcaption"))
    if not found:
        found = [
            t for t in figure.find_all(True) if t.name != "img" and CAPTION_CLASS.search(marks(t))
        ]
    return _outermost(found)


def caption_elements(figure: Tag) -> list[Tag]:
    """The outermost elements of a figure that hold its caption or credit."""
    found = marked_captions(figure)
    if not found and 0 < len(clean(figure.get_text())) <= MAX_CAPTION:
        # A picture block with a short text and no marked caption: that text is the caption.
        found = [figure]
    return found


def _outermost(found: list[Tag]) -> list[Tag]:
    return [t for t in found if not any(inside(t, other) for other in found if other is not t)]


def _caption(figure: Tag) -> tuple[str | None, str | None]:
    return caption_of(caption_elements(figure))


def caption_of(elements: list[Tag]) -> tuple[str | None, str | None]:
    """The caption and the credit held by a figure's caption elements."""
    if not elements:
        return None, None
    credit_tags = [t for e in elements for t in e.find_all(True) if CREDIT_CLASS.search(marks(t))]
    if not credit_tags:
        credit_tags = [t for t in map(_last_credit_child, elements) if t is not None]
    credit = _joined_once(t.get_text(" ") for t in credit_tags)
    texts = []
    for element in elements:
        if any(element is c or inside(element, c) for c in credit_tags):
            continue
        texts.append(_text_without(element, credit_tags))
    # A lightbox or a second layout repeats the caption inside the same figure: show it once.
    caption = _joined_once(texts)
    if caption:
        caption, marked = split_credit(caption)
        credit = credit or marked
    if caption and credit and fold(caption) == fold(credit):
        caption = None
    return caption, credit


def _last_credit_child(element: Tag) -> Tag | None:
    """The caption's last element when it is a short line naming an agency (an unnamed credit)."""
    parts = [c for c in element.children if isinstance(c, Tag) or str(c).strip()]
    last = parts[-1] if len(parts) > 1 else None
    if not isinstance(last, Tag) or not any(isinstance(c, Tag) for c in parts[:-1]):
        return None
    text = clean(last.get_text())
    if not text or len(text.split()) > MAX_CREDIT_WORDS or not CREDIT_WORD.search(text):
        return None
    return last


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """``"Crowds in Hanoi. Photo: AP"`` → ``("Crowds in Hanoi.", "Photo: AP")``.

    Also a trailing credit after a slash or a bar that names an agency or a photo
    (``"Crowds in Hanoi. | Jane Roe/Getty Images"``).
    """
    matches = list(CREDIT_MARK.finditer(caption))
    start = matches[-1].start() if matches else None
    tail = CREDIT_TAIL.search(caption)
    if tail is not None and (start is None or tail.start() < start):
        start = tail.start()
    if start is None or start == 0:
        return caption, None
    text = caption[:start].rstrip(" |/–—-([")
    credit = caption[start:].strip(" ()[]|/")
    return (text or None), (credit or None)


def _joined_once(texts: Iterable[str]) -> str | None:
    """The texts joined by a space, each distinct text once."""
    seen: set[str] = set()
    kept = []
    for text in texts:
        text = clean(text)
        if text and fold(text) not in seen:
            seen.add(fold(text))
            kept.append(text)
    return " ".join(kept) or None


def ld_captions(doc: Document) -> list[tuple[str | None, str]]:
    """(URL, caption) of the article's own images that its JSON-LD gives a caption.

    schema.org ``ImageObject.caption`` under the article's ``image`` or ``associatedMedia``;
    an ``{"@id": …}`` reference (Yoast's ``#primaryimage``) is looked up in the page's graph.
    """
    article = doc.article_ld()
    if article is None:
        return []
    by_id = {item["@id"]: item for item in doc.jsonld if isinstance(item.get("@id"), str)}
    found: list[tuple[str | None, str]] = []
    for key in LD_IMAGE_KEYS:
        value = article.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "caption" not in item:
                item = by_id.get(str(item.get("@id")), item)
            caption = ld_text(item.get("caption")) if isinstance(item, dict) else None
            if caption and isinstance(item, dict):
                url = ld_text(item.get("url") or item.get("contentUrl"))
                found.append((doc.absolute(url), caption))
    return found[:MAX_LD_IMAGES]


def _text_without(element: Tag, skip: list[Tag]) -> str:
    parts = []
    for text in element.find_all(string=True):
        if not any(inside(text, s) for s in skip):
            parts.append(str(text))
    return " ".join(parts)


def inside(node: PageElement, ancestor: Tag) -> bool:
    """Whether ``ancestor`` contains ``node`` (by identity: bs4's ``==`` compares markup)."""
    return any(parent is ancestor for parent in node.parents)


def _largest(srcset: str) -> str | None:
    best: str | None = None
    best_size = -1.0
    for url, size, unit in SRCSET_ENTRY.findall(srcset):
        value = float(size) * (1 if unit == "w" else 1000)
        if value > best_size and not url.startswith("data:"):
            best, best_size = str(url).strip(","), value
    if best is None:
        first = srcset.strip().split(",")[0].strip().split(" ")[0]
        return first if first and not first.startswith("data:") else None
    return best
