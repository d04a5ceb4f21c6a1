"""Images of the article: the best real source, its caption and its credit."""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import PageElement

from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold
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
    r"credit|copyright|source|author|byline|photographer|attribution|quelle", re.I
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
# Where a credit starts inside a caption's text ("… Foto: dpa", "… (Image: Getty)", "… © AFP").
CREDIT_MARK = re.compile(
    r"(?:^|\s|\(|\[|\|)(?:photos?|fotos?|images?|bild(?:er)?|ảnh|credits?|crédits?|"
    r"quelle|source|copyright|fotó|zdjęcie|foto ?credit)\s*:|©",
    re.I,
)
PICTURE_TAGS = ("img", "picture", "amp-img")
FIGURE_CLASS = re.compile(r"caption|figure|image|img|photo|media|picture|foto|bild", re.I)
MAX_ALT = 1000
MAX_CAPTION = 400
MIN_SIZE = 32


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
    """A ``<figure>``, or a block named like one around one or two pictures with a caption."""
    if tag.name == "figure":
        return True
    if tag.name not in ("div", "span", "p"):
        return False
    marks = " ".join(tag.get("class") or ())
    if not marks or not FIGURE_CLASS.search(marks):
        return False
    images = tag.find_all(PICTURE_TAGS, limit=3)
    return 0 < len(images) <= 2 and bool(caption_elements(tag))


def has_marked_caption(block: Tag) -> bool:
    """Whether a block holds a ``<figcaption>`` or an element with a caption-like class."""
    return block.find("figcaption") is not None or any(
        CAPTION_CLASS.search(_marks(t)) for t in block.find_all(True)
    )


def caption_elements(figure: Tag) -> list[Tag]:
    """The outermost elements of a figure that hold its caption or credit."""
    found: list[Tag] = list(figure.find_all("figcaption"))
    if not found:
        found = [
            t for t in figure.find_all(True) if t.name != "img" and CAPTION_CLASS.search(_marks(t))
        ]
    if not found and 0 < len(clean(figure.get_text())) <= MAX_CAPTION:
        # A picture block with a short text and no marked caption: that text is the caption.
        found = [figure]
    return [t for t in found if not any(inside(t, other) for other in found if other is not t)]


def _caption(figure: Tag) -> tuple[str | None, str | None]:
    return caption_of(caption_elements(figure))


def caption_of(elements: list[Tag]) -> tuple[str | None, str | None]:
    """The caption and the credit held by a figure's caption elements."""
    if not elements:
        return None, None
    credit_tags = [t for e in elements for t in e.find_all(True) if CREDIT_CLASS.search(_marks(t))]
    credit = clean(" ".join(t.get_text(" ") for t in credit_tags)) or None
    texts = []
    for element in elements:
        if any(element is c or inside(element, c) for c in credit_tags):
            continue
        texts.append(_text_without(element, credit_tags))
    caption = clean(" ".join(texts)) or None
    if caption and not credit:
        caption, credit = split_credit(caption)
    if caption and credit and fold(caption) == fold(credit):
        caption = None
    return caption, credit


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """``"Crowds in Hanoi. Photo: AP"`` → ``("Crowds in Hanoi.", "Photo: AP")``."""
    matches = list(CREDIT_MARK.finditer(caption))
    match = matches[-1] if matches else None
    if match is None or match.start() == 0:
        return caption, None
    text = caption[: match.start()].rstrip(" |/–—-([")
    credit = caption[match.start() :].strip(" ()[]|/")
    return (text or None), (credit or None)


def _text_without(element: Tag, skip: list[Tag]) -> str:
    parts = []
    for text in element.find_all(string=True):
        if not any(inside(text, s) for s in skip):
            parts.append(str(text))
    return " ".join(parts)


def inside(node: PageElement, ancestor: Tag) -> bool:
    """Whether ``ancestor`` contains ``node`` (by identity: bs4's ``==`` compares markup)."""
    return any(parent is ancestor for parent in node.parents)


def _marks(tag: Tag) -> str:
    return " ".join(tag.get("class") or ()) + " " + str(tag.get("id") or "")


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
