"""Find the element that holds the article's body, and strip the clutter inside it.

A readability-style score: every paragraph-like block gives points (for its
length and commas) to its ancestors; class names that many CMSs share add or
remove points; link-heavy elements lose them. The best-scoring element, with
those of its siblings that score well too, is the article. Inside it,
navigation, share bars, related lists, bios, forms and ads are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from pressclip.extract import media
from pressclip.extract.text import clean, fold, marks

REMOVE_TAGS = frozenset(
    (
        "script",
        "style",
        "template",
        "svg",
        "canvas",
        "input",
        "select",
        "textarea",
        "dialog",
        "link",
        "meta",
        "object",
        "embed",
        "iframe",
        "head",
    )
)
CHROME_TAGS = ("form", "button", "nav", "aside", "footer")
STORY_LENGTH = 800
STORY_PARAGRAPH = 80
BLOCK_TAGS = frozenset(
    (
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "table",
        "figure",
        "hr",
        "dl",
        "dt",
        "dd",
        "address",
        "center",
        "details",
        "summary",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "figcaption",
        "hgroup",
        "menu",
        "fieldset",
        "body",
        "html",
    )
)
"""Elements that start a new block of text (the rest are inline)."""
PARAGRAPH_TAGS = ("p", "pre", "td", "blockquote", "li", "h2", "h3", "dd")
POSITIVE = re.compile(
    r"article|body|content|entry|main|post|story|text|blog|prose|richtext|"
    r"rich-text|paragraph|artikel|beitrag|contenu|cuerpo|testo",
    re.I,
)
NEGATIVE = re.compile(
    r"comment|share|sharing|social|related|recommend|newsletter|subscri|promo|advert|"
    r"(?:^|[-_\s])ads?(?:$|[-_\s])|sponsor|sidebar|widget|footer|cookie|consent|popup|modal|"
    r"breadcrumb|pagination|pager|(?:^|[-_\s])nav|menu|masthead|banner|skip|toolbar|"
    r"(?:^|[-_\s])tags?(?:$|[-_\s])|author-?bio|outbrain|taboola|disqus|signup|paywall|"
    r"popular|trending|read-?more|more-?stories|teaser|hidden|print-only|"
    r"jump|link-?list|byline|dateline|meta-?data|article-?meta|post-?meta|topics|keywords|"
    r"(?:^|[-_\s])header(?:$|[-_\s])|headline|title|timestamp|(?:^|[-_\s])date(?:$|[-_\s])|"
    r"rating|feedback|donat|app-?promo|install|follow|gallery-?nav|"
    r"also-?read|see-?also|further|next|prev|overlay|video-?player|player|audio",
    re.I,
)
# Readability's "unlikely candidates": blocks whose names say they are not the story.
UNLIKELY = re.compile(
    r"-ad-|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|"
    r"sponsor|supplemental|ad-break|agegate|pagination|pager|popup|newsletter|promo|"
    r"outbrain|taboola|recommend|subscribe|cookie|share|sharing|onetrust|consent",
    re.I,
)
WORST_CLUTTER = re.compile(
    r"comment|related|share|sharing|social|newsletter|promo|recommend|subscri|outbrain|"
    r"taboola|disqus|cookie|advert",
    re.I,
)
STATE_CLASS = re.compile(r"--|^(?:has|with|no|is|show|hide)-", re.I)
MAYBE_CANDIDATE = re.compile(r"and|article|body|content|main|shadow", re.I)
# Classes of common CSS frameworks (Bootstrap, Tailwind, WordPress) that hide an element,
# from everyone or from all but screen readers.
HIDDEN_CLASSES = frozenset(
    ("hidden", "d-none", "is-hidden", "sr-only", "visually-hidden", "screen-reader-text")
)
SHOWN_FROM_WIDTH = re.compile(
    r"^(?:[a-z0-9]+:|d-(?:sm|md|lg|xl|xxl)-)"
    r"(?:block|flex|grid|inline|inline-block|inline-flex|inline-grid|table|contents|flow-root)$"
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
TEASER_LIST = 3
MIN_PARAGRAPH = 25
MIN_ARTICLE = 200
COMMAS = (",", "،", "，", "、")  # Latin, Arabic, full-width and ideographic commas
MIN_APP_TEXT = 250
CLASS_WEIGHT = 25
TAG_BONUS = {"div": 5, "article": 10, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3}
TAG_MALUS = {
    "ol": -3,
    "ul": -3,
    "li": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "address": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
ANCESTOR_LEVELS = 5
WIDEN_LEVELS = 5
WIDEN_GAIN = 1.3
WIDEN_SHARE = 0.6
WIDEN_LINKS = 0.25
SIBLING_RATIO = 0.2
REGION_TAGS = ("article", "main")
MAX_LEAD_FIGURES = 3
# The lead (standfirst) is a paragraph of the header this long at least (see add_lead).
LEAD_TAGS = ("p", "div")
LEAD_TRAIL = " .…"
MIN_LEAD = 40
LEAD_LEVELS = 6
# Paragraph kinds whose text counts once towards an ancestor's mass (li, td… often hold a p).
MASS_TAGS = frozenset(("p", "pre", "div"))
# Never removed for their class names: inline text, and the rows and cells of a kept table
# (its rows are its structure; "player-2020" names a sports table's row, not a video).
NEVER_CLUTTER = frozenset(
    ("p", "a", "span", "em", "strong", "b", "i", "img", "picture", "source", "figcaption")
    + ("thead", "tbody", "tfoot", "tr", "td", "th")
)
CLUTTER_SHARE = 0.15
CONDITIONAL_TAGS = ("div", "section", "ul", "ol", "table", "dl", "header")


def prune(soup: BeautifulSoup) -> None:
    """Remove what is never article content: scripts, forms, navigation, hidden elements."""
    # One walk over the tree in plain Python: bs4's find_all filters cost far more per element.
    removed, noscripts, shells = [], [], []
    for node in soup.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in REMOVE_TAGS:
            removed.append(node)
        elif node.name == "noscript":
            noscripts.append(node)
        elif node.name in CHROME_TAGS or _is_hidden(node):
            shells.append(node)
    for tag in removed:
        # A decomposed tag answers unknown attributes with a tree search: skip those inside
        # an element already removed.
        if not _removed(tag):
            tag.decompose()
    for tag in noscripts:
        # Lazy-loading pages keep the real <img> in <noscript>; anything else there is noise.
        if _removed(tag):
            continue
        if tag.find("img"):
            tag.unwrap()
        else:
            tag.decompose()
    for tag in shells:
        if _removed(tag):
            continue
        # ASP.NET wraps whole pages in a <form>, an unclosed <aside> or <button> swallows
        # the rest of the page, React streams the story into a hidden <div>: keep a
        # block that holds story paragraphs, drop its shell only.
        if tag.name == "aside" and media.is_figure(tag):
            tag.name = "figure"  # a captioned picture set aside from the text: still the story's
        elif _story_length(tag) >= STORY_LENGTH or _is_picture_button(tag):
            tag.unwrap()
        else:
            tag.decompose()


def article_node(soup: BeautifulSoup, others: set[int] | None = None) -> Tag | None:
    """The element holding the article body, already cleaned; None if nothing scores.

    ``others`` holds the ids of blocks known to be other stories (see :func:`other_stories`).
    """
    body = soup.body or soup
    found = _score_candidates(body, skip_unlikely=True, others=others or set())
    if not found.tags or found.mass.get(id(found.best()), 0) < MIN_ARTICLE:
        # Readability's second pass: the story sat inside a block named like clutter.
        found = _score_candidates(body, skip_unlikely=False)
    if not found.tags:
        return landmark(soup)
    top = _widen(found.best(), found)
    container = _with_siblings(top, found)
    _clean(container, found)
    return container


def lead_figures(container: Tag) -> list[Tag]:
    """Figures of the story that sit before its text, outside the container (a hero image).

    They are looked for in the blocks that precede the container at each level up to
    the nearest ``<article>`` or ``<main>``, the nearest first; if there are none, a
    few levels further up (a hero section beside the story), leaving out the page's
    ``<header>``.
    """
    found: list[Tag] = []
    node, in_region = container, True
    for _ in range(LEAD_LEVELS):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        if not in_region and found:
            break
        for sibling in node.find_previous_siblings():
            if not in_region and sibling.name == "header":
                continue
            for figure in reversed(_figures_in(sibling)):
                found.append(figure)
                if len(found) == MAX_LEAD_FIGURES:
                    return found[::-1]
        if parent.name in REGION_TAGS:
            in_region = False
        node = parent
    return found[::-1]


def add_lead(container: Tag, description: str | None) -> None:
    """Move the story's lead into the container when it sits before it, in the header.

    Many sites print the standfirst above the story's element, beside the headline,
    and repeat it as the page's description: a paragraph there whose text is that
    description is the lead. A standfirst set as a heading (a "dek" in ``<h2>``) is
    a display line of the header, like the headline, and stays out; so does a
    caption that repeats the description.
    """
    key = fold(description).rstrip(LEAD_TRAIL)
    if len(key) < MIN_LEAD or key in fold(container.get_text()):
        return
    node = container
    for _ in range(LEAD_LEVELS):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            return
        for sibling in node.find_previous_siblings():
            lead = _lead_in(sibling, key)
            if lead is not None:
                container.insert(0, lead.extract())
                return
        if parent.name in REGION_TAGS:
            return
        node = parent


def _lead_in(block: Tag, key: str) -> Tag | None:
    """The innermost element of ``block`` whose text is the description ``key``."""
    if len(block.get_text()) < len(key):
        return None
    for tag in reversed([block, *block.find_all(LEAD_TAGS)]):
        text = fold(tag.get_text()).rstrip(LEAD_TRAIL)
        if text and (text == key or (len(text) >= len(key) and text.startswith(key))):
            return None if _in_figure(tag, block) else tag
    return None


def _in_figure(tag: Tag, block: Tag) -> bool:
    """Whether ``tag`` is (inside) a picture's caption: sites reuse a caption as description."""
    for node in (tag, *tag.parents):
        if node.name == "figcaption" or media.is_figure(node) or media.is_marked_caption(node):
            return True
        if node is block:
            return False
    return False


def _figures_in(block: Tag) -> list[Tag]:
    """The outermost figures in a block, in document order."""
    figures: list[Tag] = []
    for node in (block, *block.descendants):
        if (
            isinstance(node, Tag)
            and not any(media.inside(node, figure) for figure in figures)
            and media.is_figure(node)
            and (node.find(media.PICTURE_TAGS) or media.has_marked_caption(node))
        ):
            figures.append(node)
    return figures


def looks_like_app_shell(soup: BeautifulSoup) -> bool:
    """After pruning: a page with almost no text left, the shell of a script-rendered app."""
    body = soup.body
    visible = sum(len(text.strip()) for text in body.find_all(string=True)) if body else 0
    return visible < MIN_APP_TEXT


def landmark(soup: BeautifulSoup) -> Tag | None:
    """A page with no paragraph long enough to score: its main landmark, or its body."""
    for candidate in (soup.find("article"), soup.find("main"), soup.body):
        if isinstance(candidate, Tag) and clean(candidate.get_text()):
            return candidate
    return None


def class_weight(tag: Tag) -> int:
    """+25 for article-like class/id names, -25 for clutter-like ones."""
    hints = marks(tag)
    if not hints:
        return 0
    weight = 0
    if NEGATIVE.search(hints):
        weight -= CLASS_WEIGHT
    if POSITIVE.search(hints):
        weight += CLASS_WEIGHT
    return weight


def link_density(tag: Tag, text_length: int | None = None) -> float:
    """Share of the element's text that sits inside links."""
    length = text_length if text_length is not None else len(clean(tag.get_text()))
    if not length:
        return 0.0
    linked = sum(len(clean(a.get_text())) for a in tag.find_all("a"))
    return min(1.0, linked / length)


def _story_length(tag: Tag) -> int:
    """Characters in the long, link-free paragraphs of a block."""
    total = 0
    for para in tag.find_all("p"):
        text = clean(para.get_text())
        if len(text) >= STORY_PARAGRAPH and not para.find("a"):
            total += len(text)
    return total


def _removed(tag: Tag) -> bool:
    """Whether ``tag`` was decomposed. bs4's own ``decomposed`` property searches the whole
    subtree for a ``<_decomposed>`` tag when the flag is unset, which made it the slowest
    step of cleaning; decompose() leaves the flag in the instance dict, so read it there."""
    return bool(tag.__dict__.get("_decomposed", False))


def _is_picture_button(tag: Tag) -> bool:
    """The "enlarge" button around a figure's picture."""
    if tag.name != "button":
        return False
    return tag.find("figcaption") is not None or tag.find_parent("figure") is not None


def _is_unlikely(tag: Tag) -> bool:
    if tag.name in ("html", "body", "article", "main", "a", "[document]"):
        return False
    # State classes ("layout--sidebar", "has-comments") describe a layout, not the block.
    names = [c for c in tag.get("class") or () if not STATE_CLASS.search(c)]
    hints = " ".join(names) + " " + str(tag.get("id") or "")
    return bool(UNLIKELY.search(hints)) and not MAYBE_CANDIDATE.search(hints)


def _is_teaser(tag: Tag) -> bool:
    """An ``<article>`` among several siblings: an item of a list of other stories."""
    parent = tag.parent
    if tag.name != "article" or parent is None:
        return False
    return sum(1 for s in parent.find_all("article", recursive=False)) >= TEASER_LIST


def _is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs  # read directly: this runs on every element of the page
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    classes = attrs.get("class") or ()
    if not HIDDEN_CLASSES.isdisjoint(classes):
        # "hidden lg:block", "d-none d-md-flex": hidden on small screens only.
        return not any(SHOWN_FROM_WIDTH.match(name) for name in classes)
    style = attrs.get("style")
    return bool(style and HIDDEN_STYLE.search(str(style)))


def _paragraphs(body: Tag) -> Iterable[tuple[Tag, bool]]:
    """Paragraph-like blocks (p, li, td…, divs holding text), each with whether its whole
    text is its own (False for a div that also holds block children)."""
    holding = holding_blocks(body)
    for node in body.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in PARAGRAPH_TAGS:
            yield node, True
        elif node.name == "div":
            if id(node) not in holding:
                yield node, True
            elif _has_own_text(node):
                yield node, False


def _own_length(tag: Tag) -> int:
    return sum(len(c.strip()) for c in tag.children if isinstance(c, NavigableString))


def _has_own_text(tag: Tag) -> bool:
    return any(
        isinstance(c, NavigableString) and len(c.strip()) > MIN_PARAGRAPH for c in tag.children
    )


def holding_blocks(root: Tag) -> set[int]:
    """Ids of the elements under ``root`` that contain a block element, found in one walk."""
    holding: set[int] = set()
    for node in root.descendants:
        if isinstance(node, Tag) and node.name in BLOCK_TAGS:
            for parent in node.parents:
                if parent is root or id(parent) in holding:
                    break
                holding.add(id(parent))
    return holding


@dataclass
class Candidates:
    """Scores of the elements that hold paragraphs, keyed by ``id(tag)``.

    (bs4 hashes and compares a Tag by serialising it: far too slow for keys.)
    """

    tags: dict[int, Tag] = field(default_factory=dict)
    raw: dict[int, float] = field(default_factory=dict)
    """Scores before the link-density penalty: an upper bound of the final score."""
    final: dict[int, float] = field(default_factory=dict)
    mass: dict[int, int] = field(default_factory=dict)
    """Characters of paragraph text inside each ancestor, at any depth."""

    def score(self, key: int) -> float:
        """The score with its link-density penalty, computed on first use (it reads the text)."""
        if key not in self.final:
            tag = self.tags.get(key)
            self.final[key] = self.raw[key] * (1 - link_density(tag)) if tag is not None else 0.0
        return self.final[key]

    def best(self) -> Tag:
        """The best-scoring element, penalising only the few that could still win."""
        best_key, best_score = -1, float("-inf")
        for key in sorted(self.raw, key=self.raw.__getitem__, reverse=True):
            if self.raw[key] <= best_score:
                break
            if self.score(key) > best_score:
                best_key, best_score = key, self.score(key)
        return self.tags[best_key]


def other_stories(headings: Iterable[Tag], title: str | None) -> set[int]:
    """Ids of the ``<article>``s headed by another story's ``<h1>``.

    Pages that scroll on without end append the next story, headline and all,
    after the first; the story is the one whose ``<h1>`` is the page's title.
    """
    key = fold(title)
    if not key:
        return set()
    ours: list[Tag] = []
    theirs: list[Tag] = []
    for heading in headings:
        text = fold(heading.get_text())
        if text and not _removed(heading):
            (ours if key in text or text in key else theirs).append(heading)
    if not ours:
        return set()
    holders = {id(article) for h in ours for article in h.find_parents("article")}
    found = set()
    for heading in theirs:
        article = heading.find_parent("article")
        if article is not None and id(article) not in holders:
            found.add(id(article))
    return found


def _score_candidates(body: Tag, skip_unlikely: bool, others: set[int] | None = None) -> Candidates:
    """Scores from every paragraph, except (first pass) those inside clutter-named blocks
    and in the blocks ``others`` names."""
    found = Candidates()
    unlikely: dict[int, bool] = dict.fromkeys(others or (), True)
    for para, whole in _paragraphs(body):
        text = clean(para.get_text())
        if len(text) < MIN_PARAGRAPH:
            continue
        if skip_unlikely and _inside_unlikely(para, unlikely):
            continue
        points = 1 + sum(map(text.count, COMMAS)) + min(len(text) // 100, 3)
        # Mass counts each character once: a div's own text only, when it also holds blocks.
        mass = 0 if para.name not in MASS_TAGS else len(text) if whole else _own_length(para)
        for level, ancestor in enumerate(para.parents):
            if ancestor.name in ("html", "[document]"):
                break
            key = id(ancestor)
            if mass:
                found.mass[key] = found.mass.get(key, 0) + mass
            if level < ANCESTOR_LEVELS:
                if key not in found.tags:
                    found.tags[key] = ancestor
                    found.raw[key] = _initial_score(ancestor)
                found.raw[key] += points / (1 if level == 0 else level * 2)
    return found


def _inside_unlikely(tag: Tag, cache: dict[int, bool]) -> bool:
    for node in (tag, *tag.parents):
        key = id(node)
        if key not in cache:
            cache[key] = _is_unlikely(node) or _is_teaser(node)
        if cache[key]:
            return True
    return False


def _widen(top: Tag, found: Candidates) -> Tag:
    """An ancestor of ``top`` that holds much more paragraph text: a story split in sections."""
    best, base = top, found.mass.get(id(top), 0)
    ancestor = top.parent
    for _ in range(WIDEN_LEVELS):
        if not isinstance(ancestor, Tag) or ancestor.name in ("body", "html", "[document]"):
            break
        mass = found.mass.get(id(ancestor), 0)
        if mass >= base * WIDEN_GAIN:
            length = len(clean(ancestor.get_text()))
            if mass >= length * WIDEN_SHARE and link_density(ancestor, length) < WIDEN_LINKS:
                best, base = ancestor, mass
        ancestor = ancestor.parent
    return best


def _initial_score(tag: Tag) -> float:
    name = tag.name
    bonus = TAG_BONUS.get(name, 0) + TAG_MALUS.get(name, 0)
    if tag.get("itemprop") == "articleBody":
        bonus += 2 * CLASS_WEIGHT
    return bonus + class_weight(tag)


def _with_siblings(top: Tag, found: Candidates) -> Tag:
    """The top element, or its parent stripped to the siblings that belong with it."""
    parent = top.parent
    if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
        return top
    threshold = max(10.0, found.score(id(top)) * SIBLING_RATIO)
    keep = {
        id(s)
        for s in parent.find_all(True, recursive=False)
        if s is top or _belongs(s, found, threshold)
    }
    if len(keep) == 1:
        return top
    for child in list(parent.children):
        if id(child) not in keep:
            child.extract()
    return parent


def _belongs(sibling: Tag, found: Candidates, threshold: float) -> bool:
    if found.score(id(sibling)) >= threshold:
        return True
    if sibling.name == "p":
        text = clean(sibling.get_text())
        density = link_density(sibling, len(text))
        return (len(text) > 80 and density < 0.25) or (
            0 < len(text) <= 80 and density == 0 and text.endswith((".", "!", "?", '"', "”"))
        )
    return (
        sibling.name in ("figure", "picture", "figcaption")
        or media.is_figure(sibling)
        or (sibling.name in ("h2", "h3", "h4") and class_weight(sibling) >= 0)
    )


def _clean(container: Tag, found: Candidates) -> None:
    """Remove clutter inside the chosen container.

    A block named like clutter goes unless it holds a real share of the
    story's paragraphs (layouts name wrappers "sidebar-grid", "has-comments"…);
    one named like the worst clutter (comments, related, share…) goes unless it
    holds most of them.
    """
    total = max(1, found.mass.get(id(container), 0))
    for tag in container.find_all(True):
        if _removed(tag) or tag.name in NEVER_CLUTTER:
            continue
        weight = class_weight(tag)
        if weight >= 0 or _is_picture_block(tag) or _is_figure_part(tag):
            continue
        share = found.mass.get(id(tag), 0) / total
        if share < CLUTTER_SHARE or (share < 0.5 and WORST_CLUTTER.search(marks(tag))):
            tag.decompose()
    for tag in reversed(container.find_all(CONDITIONAL_TAGS)):
        if not _removed(tag) and _is_clutter(tag):
            tag.decompose()


def _is_picture_block(tag: Tag) -> bool:
    """A figure, or one or two pictures with a marked caption: kept whatever its class names."""
    if tag.name == "figure":
        return True
    return 0 < media.picture_count(tag) <= media.MAX_FIGURE_PICTURES and media.has_marked_caption(
        tag
    )


def _is_figure_part(tag: Tag) -> bool:
    """A figure-like block, or a short block around a caption (CSS-module names: "footer_x1")."""
    if media.is_figure(tag):
        return True
    return tag.find("figcaption") is not None and media.short_text(tag, media.MAX_FIGURE_TEXT)


def _is_clutter(tag: Tag) -> bool:
    """Readability's conditional clean: link lists, and blocks with little text of their own."""
    if (
        tag.find(["img", "picture", "video", "table", "pre"])
        and tag.name != "ul"
        and tag.name != "ol"
    ):
        text = clean(tag.get_text())
        return bool(text) and link_density(tag, len(text)) > 0.5 and len(text) < 200
    text = clean(tag.get_text())
    if not text:
        return not tag.find(["img", "picture", "iframe", "video", "hr"])
    density = link_density(tag, len(text))
    if tag.name in ("ul", "ol"):
        return density > 0.6
    paragraphs = len(tag.find_all("p"))
    return density > 0.5 or (density > 0.25 and len(text) < 300 and paragraphs < 2)
