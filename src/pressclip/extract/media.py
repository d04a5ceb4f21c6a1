"""Images of the article: the best real source, its caption and its credit."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

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
NOT_CAPTION_CLASS = re.compile(r"(?:without|no|hide|hidden)[-_]?caption", re.I)
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
# Counting pixels of audience-measurement and ad services, whatever their size attributes say.
TRACKER = re.compile(
    r"//[^/]*(?:scorecardresearch|doubleclick|google-analytics|googlesyndication|quantserve|"
    r"chartbeat|ioam|ivwbox|adsystem|adservice|pixel\.wp|bat\.bing)\.|/(?:pixel|tracking|beacon)"
    r"(?:\.gif|\.png|/|\?)",
    re.I,
)
SRCSET_URL = re.compile(r"[\s,]*(\S+)")
SRCSET_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)([wx])")
DENSITY_WIDTH = 1000
"""How a density descriptor (``2x``) ranks against widths: ``1x`` counts as 1000 pixels wide."""
# A <source> for small screens only ("(max-width: 480px)"): a smaller copy of the picture.
SMALL_SCREEN = re.compile(r"max-(?:device-)?width", re.I)
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
BRACKETS = {"(": ")", "[": "]"}
"""Brackets a caption puts around its credit."""
PICTURE_TAGS = ("img", "picture", "amp-img")
IMAGE_TAGS = frozenset(("img", "amp-img"))
FIGURE_CLASS = re.compile(r"caption|figure|image|img|photo|media|picture|foto|bild|thumbnail", re.I)
FIGURE_TAGS = frozenset(("div", "span", "p", "aside"))
# Elements that make a block more than a picture with a line under it.
NOT_CAPTION_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote")
MAX_FIGURE_PICTURES = 2
# What a <figure> may show instead of a picture (its figcaption is then no picture's caption).
FIGURE_CONTENT = ("table", "blockquote", "pre", "video", "audio", "ul", "ol", "dl")
MAX_ALT = 1000
MAX_CAPTION = 500
MAX_FIGURE_TEXT = 700
"""Caption and credit of an unnamed block that holds a marked caption."""
MAX_STRAY_TEXT = 60
"""Text of an unnamed figure outside its caption: a credit, a "View larger" button."""
MIN_SIZE = 32
LD_IMAGE_KEYS = ("image", "associatedMedia")
MAX_LD_IMAGES = 5
# Players and posts embedded in a story: (host, platform, what it shows). A host matches
# itself and its subdomains.
EMBED_HOSTS = (
    ("youtube.com", "YouTube", "Video"),
    ("youtube-nocookie.com", "YouTube", "Video"),
    ("youtu.be", "YouTube", "Video"),
    ("vimeo.com", "Vimeo", "Video"),
    ("dailymotion.com", "Dailymotion", "Video"),
    ("dai.ly", "Dailymotion", "Video"),
    ("twitch.tv", "Twitch", "Video"),
    ("streamable.com", "Streamable", "Video"),
    ("jwplayer.com", "JW Player", "Video"),
    ("brightcove.net", "Brightcove", "Video"),
    ("spotify.com", "Spotify", "Audio"),
    ("soundcloud.com", "SoundCloud", "Audio"),
    ("podcasts.apple.com", "Apple Podcasts", "Audio"),
    ("embed.podcasts.apple.com", "Apple Podcasts", "Audio"),
    ("twitter.com", "X", "Post"),
    ("x.com", "X", "Post"),
    ("instagram.com", "Instagram", "Post"),
    ("facebook.com", "Facebook", "Post"),
    ("tiktok.com", "TikTok", "Video"),
    ("reddit.com", "Reddit", "Post"),
    ("bsky.app", "Bluesky", "Post"),
    ("threads.net", "Threads", "Post"),
    ("linkedin.com", "LinkedIn", "Post"),
    ("datawrapper.dwcdn.net", "Datawrapper", "Chart"),
    ("flo.uri.sh", "Flourish", "Chart"),
)
# The player page of an embedded player's address, where the two differ.
PLAYER_PAGES = (
    (
        re.compile(
            r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/videoseries\?(?:.*&)?list=([\w-]+)"
        ),
        "https://www.youtube.com/playlist?list={}",
    ),
    (
        re.compile(
            r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/(?!videoseries\b)([\w-]+)"
        ),
        "https://www.youtube.com/watch?v={}",
    ),
    (re.compile(r"https?://player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
    (
        re.compile(r"https?://(?:www\.)?dailymotion\.com/embed/video/(\w+)"),
        "https://www.dailymotion.com/video/{}",
    ),
)
# A platform's plugin that shows a post or a video: its ``href`` names the original.
POST_PLUGIN = re.compile(r"/plugins/(?:post|video|comment_embed)\.php$")
# A platform's buttons and boxes (like, share, follow, a page's timeline): not a post.
WIDGET_PATH = re.compile(r"/plugins/\w+\.php$|/widgets/\w*button", re.I)
# Blockquotes that a platform's script turns into a post.
EMBED_CLASS = re.compile(
    r"twitter-tweet|twitter-video|instagram-media|tiktok-embed|fb-post|fb-video|reddit-card|"
    r"bluesky-embed|threads-embed|mastodon-embed",
    re.I,
)
EMBED_LINK_ATTRS = ("data-instgrm-permalink", "data-href", "cite", "data-url")
EMBED_MARK = "data-pressclip-embed"
"""Set on a player ``<iframe>`` kept as a ``<video>``, with the address of the original."""
GENERIC_TITLE = re.compile(r"^(?:youtube|vimeo|spotify|video|audio|embed(?:ded)?)\b.{0,30}$", re.I)


@dataclass(frozen=True)
class Embed:
    """A post or player shown in the story: a link to the original."""

    url: str
    platform: str | None
    kind: str
    title: str | None = None

    @property
    def label(self) -> str:
        where = (
            f"{self.kind} on {self.platform}" if self.platform else f"Embedded {self.kind.lower()}"
        )
        return f"{where}: {self.title}" if self.title else where


def image_source(img: Tag, doc: Document) -> str | None:
    """The best real URL of an ``<img>``: the largest srcset entry, then lazy-loading attributes."""
    for attr in LAZY_SRCSET_ATTRS:
        best = _largest(str(img.get(attr) or ""))
        if best:
            return doc.absolute(best)
    # lxml nests an unclosed <source> around the <img>: look for the <picture> above it.
    picture = img.find_parent("picture")
    if picture is not None:
        sources = picture.find_all("source")
        wide = [s for s in sources if not SMALL_SCREEN.search(str(s.get("media") or ""))]
        for source in wide or sources:
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
    if TRACKER.search(src):
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


def holds_content(figure: Tag) -> bool:
    """A ``<figure>`` of a table, a quote, code, a list or a player rather than of a picture."""
    if figure.name != "figure" or picture_count(figure, 1):
        return False
    return figure.find(FIGURE_CONTENT) is not None


def captions_content(figcaption: Tag) -> bool:
    """Whether a ``<figcaption>`` belongs to a figure of content: a line of text, no caption."""
    figure = figcaption.find_parent("figure")
    return figure is not None and holds_content(figure)


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
        is_marked_caption(t) for t in block.find_all(True)
    )


def marked_captions(figure: Tag) -> list[Tag]:
    """The ``<figcaption>`` elements of a block, else those with a caption-like class."""
    found: list[Tag] = list(figure.find_all("figcaption"))
    if not found:
        found = [t for t in figure.find_all(True) if t.name != "img" and is_marked_caption(t)]
    pictures = figure.find_all(list(IMAGE_TAGS))
    # An element around every picture of the block is a wrapper named for its caption.
    return _outermost([t for t in found if not pictures or not all(inside(p, t) for p in pictures)])


def is_marked_caption(tag: Tag) -> bool:
    """Named like a caption ("withoutCaption", "no-caption" say the opposite)."""
    return bool(CAPTION_CLASS.search(NOT_CAPTION_CLASS.sub("", marks(tag))))


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
    credit = _unwrap(caption[start:].strip(" |/"))
    return (text or None), (credit or None)


def _unwrap(credit: str) -> str:
    """A credit without the brackets around it: ``(Photo: Roe (CC0))`` → ``Photo: Roe (CC0)``.

    Only a pair that encloses it all is removed, and a closing one its caption opened.
    """
    close = BRACKETS.get(credit[:1])
    if close and credit.endswith(close) and _balanced(credit[1:-1], credit[0], close):
        credit = credit[1:-1]
    elif credit.endswith(")") and not _balanced(credit, "(", ")"):
        credit = credit[:-1]
    return credit.strip(" |/")


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == opening) - (char == closing)
        if depth < 0:
            return False
    return depth == 0


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
                # Some CMSs write HTML entities into JSON-LD strings ("&quot;", "&amp;").
                url = html.unescape(ld_text(item.get("url") or item.get("contentUrl")) or "")
                found.append((doc.absolute(url), clean(html.unescape(caption))))
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
    """The widest candidate of a ``srcset`` (the first of equals), ``data:`` URLs left out."""
    best: str | None = None
    best_size = -1.0
    for url, size in _srcset_candidates(srcset):
        if size > best_size and not url.startswith("data:"):
            best, best_size = url, size
    return best


def _srcset_candidates(srcset: str) -> list[tuple[str, float]]:
    """(URL, width) of each candidate, split as the HTML standard says.

    A URL runs to the next white space and may hold commas (``w_320,c_fit``): only a
    comma that ends it, or one after its descriptors, parts two candidates.
    https://html.spec.whatwg.org/multipage/images.html#parsing-a-srcset-attribute
    """
    found: list[tuple[str, float]] = []
    position = 0
    while (match := SRCSET_URL.match(srcset, position)) is not None:
        url, position = match.group(1), match.end()
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = srcset.find(",", position)
            end = len(srcset) if end < 0 else end
            descriptors, position = srcset[position:end], end + 1
        found.append((url, _width(descriptors)))
    return found


def _width(descriptors: str) -> float:
    """The width a candidate's descriptors give (``800w``, ``2x``); none is ``1x``."""
    for token in descriptors.split():
        match = SRCSET_DESCRIPTOR.fullmatch(token.lower())
        if match:
            size = float(match.group(1))
            return size if match.group(2) == "w" else size * DENSITY_WIDTH
    return DENSITY_WIDTH


def keep_players(doc: Document) -> None:
    """Keep the story's embedded players and posts, which pruning removes as iframes.

    An ``<iframe>`` from a known platform becomes an empty ``<video>`` marked with the
    address of the original (kept like a picture by the cleaning); other iframes
    (ads, trackers, widgets) are left to be removed.
    """
    for frame in doc.named("iframe"):
        url = doc.absolute(str(frame.get("src") or frame.get("data-src") or ""))
        if url is None or _platform(url) is None or _is_widget(url):
            continue
        title = clean(str(frame.get("title") or ""))
        frame.clear()
        frame.name = "video"
        frame.attrs = {EMBED_MARK: _player_page(url)}
        if title and not GENERIC_TITLE.match(title):
            frame.attrs["title"] = title


def embed_of(tag: Tag, doc: Document) -> Embed | None:
    """The embed a ``<video>``/``<audio>`` or a platform's blockquote shows, if any."""
    if tag.name in ("video", "audio"):
        return _player(tag, doc)
    if tag.name != "blockquote":
        return None
    if not (EMBED_CLASS.search(marks(tag)) or any(tag.get(a) for a in EMBED_LINK_ATTRS[:1])):
        return None
    url = next((doc.absolute(str(tag.get(a))) for a in EMBED_LINK_ATTRS if tag.get(a)), None)
    links = [doc.absolute(str(a.get("href") or "")) for a in tag.find_all("a")]
    known = [link for link in links if link and _platform(link)]
    url = url or (known[-1] if known else next((link for link in links if link), None))
    if url is None:
        return None
    platform = _platform(url)
    return Embed(url, platform[0] if platform else None, platform[1] if platform else "Post")


def _player(tag: Tag, doc: Document) -> Embed | None:
    marked = tag.get(EMBED_MARK)
    source = tag.find("source")
    address = marked or tag.get("src") or (source.get("src") if source is not None else None)
    url = doc.absolute(str(address or ""))
    if url is None:
        return None
    platform = _platform(url)
    kind = platform[1] if platform else ("Audio" if tag.name == "audio" else "Video")
    title = clean(str(tag.get("title") or "")) or None
    return Embed(url, platform[0] if platform else None, kind, title)


def picture_key(url: str) -> str:
    """A picture's address without its query: the sizes and crops of one picture share it."""
    return url.split("#", 1)[0].split("?", 1)[0]


def _platform(url: str) -> tuple[str, str] | None:
    """The platform and the kind of content of a known embed host."""
    host = (urlsplit(url).hostname or "").lower()
    for domain, platform, kind in EMBED_HOSTS:
        if host == domain or host.endswith("." + domain):
            return platform, kind
    return None


def _is_widget(url: str) -> bool:
    """A platform's button or box rather than a post or a player."""
    path = urlsplit(url).path
    return bool(WIDGET_PATH.search(path)) and not POST_PLUGIN.search(path)


def _player_page(url: str) -> str:
    """The address of the original that an embedded player or plugin shows."""
    for pattern, page in PLAYER_PAGES:
        match = pattern.match(url)
        if match:
            return page.format(match.group(1))
    parts = urlsplit(url)
    if POST_PLUGIN.search(parts.path):
        original = parse_qs(parts.query).get("href", [""])[0]
        if original.startswith(("https://", "http://")):
            return original
    return url
