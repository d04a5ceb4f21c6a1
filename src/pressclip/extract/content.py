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
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from pressclip.extract.text import clean

REMOVE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "dialog",
    "link",
    "meta",
    "object",
    "embed",
    "iframe",
    "head",
)
SMALL_ONLY_TAGS = ("form", "button")
MAX_WIDGET_TEXT = 500
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
    r"rating|feedback|donat|app-?promo|install|follow|caption-?wrapper|gallery-?nav|"
    r"also-?read|see-?also|further|next|prev|overlay|video-?player|player|audio",
    re.I,
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
MIN_PARAGRAPH = 25
MIN_APP_TEXT = 250
CLASS_WEIGHT = 25
TAG_BONUS = {"div": 5, "article": 10, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3}
TAG_MALUS = {"ol": -3, "ul": -3, "li": -3, "dl": -3, "dd": -3, "dt": -3, "address": -3,
             "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5}
ANCESTOR_LEVELS = 4
SIBLING_RATIO = 0.2
CONDITIONAL_TAGS = ("div", "section", "ul", "ol", "table", "dl", "header", "figure")


def prune(soup: BeautifulSoup) -> None:
    """Remove what is never article content: scripts, forms, navigation, hidden elements."""
    for tag in soup.find_all(REMOVE_TAGS):
        tag.decompose()
    for tag in soup.find_all(SMALL_ONLY_TAGS):
        # ASP.NET wraps whole pages in a <form>; an unclosed <button> swallows the page.
        if len(tag.get_text()) > MAX_WIDGET_TEXT:
            tag.unwrap()
        else:
            tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()


def article_node(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article body, already cleaned; None if nothing scores."""
    body = soup.body or soup
    scores = _score_candidates(body)
    if not scores:
        return landmark(soup)
    top = max(scores.values(), key=lambda entry: entry[1])[0]
    container = _with_siblings(top, scores)
    _clean(container)
    return container


def needs_javascript(soup: BeautifulSoup) -> bool:
    """A page whose visible text is nearly empty but which loads scripts: an app shell."""
    body = soup.body
    if body is None or not soup.find("script"):
        return False
    visible = sum(
        len(text.strip())
        for text in body.find_all(string=True)
        if text.parent is not None
        and text.parent.name not in ("script", "style", "noscript", "template")
    )
    return visible < MIN_APP_TEXT


def landmark(soup: BeautifulSoup) -> Tag | None:
    """A page with no paragraph long enough to score: its main landmark, or its body."""
    for candidate in (soup.find("article"), soup.find("main"), soup.body):
        if isinstance(candidate, Tag) and clean(candidate.get_text()):
            return candidate
    return None


def class_weight(tag: Tag) -> int:
    """+25 for article-like class/id names, -25 for clutter-like ones."""
    marks = _marks(tag)
    if not marks:
        return 0
    weight = 0
    if NEGATIVE.search(marks):
        weight -= CLASS_WEIGHT
    if POSITIVE.search(marks):
        weight += CLASS_WEIGHT
    return weight


def link_density(tag: Tag, text_length: int | None = None) -> float:
    """Share of the element's text that sits inside links."""
    length = text_length if text_length is not None else len(clean(tag.get_text()))
    if not length:
        return 0.0
    linked = sum(len(clean(a.get_text())) for a in tag.find_all("a"))
    return min(1.0, linked / length)


def _marks(tag: Tag) -> str:
    classes = tag.get("class") or ()
    return " ".join(classes) + " " + str(tag.get("id") or "") if classes or tag.get("id") else ""


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden"):
        return True
    style = tag.get("style")
    return bool(style and HIDDEN_STYLE.search(str(style)))


def _paragraphs(body: Tag) -> Iterable[Tag]:
    yield from body.find_all(PARAGRAPH_TAGS)
    for div in body.find_all("div"):
        if any(isinstance(c, NavigableString) and len(c.strip()) > MIN_PARAGRAPH for c in div.children):
            yield div


Scores = dict[int, tuple[Tag, float]]
"""Candidate scores by ``id(tag)``: bs4 hashes a Tag by serialising it, far too slow."""


def _score_candidates(body: Tag) -> Scores:
    scores: dict[int, list[Any]] = {}
    for para in _paragraphs(body):
        text = clean(para.get_text())
        if len(text) < MIN_PARAGRAPH:
            continue
        points = 1 + text.count(",") + text.count("،") + text.count("，") + min(len(text) // 100, 3)
        ancestor = para.parent
        for level in range(ANCESTOR_LEVELS):
            if not isinstance(ancestor, Tag) or ancestor.name in ("html", "[document]"):
                break
            entry = scores.setdefault(id(ancestor), [ancestor, _initial_score(ancestor)])
            entry[1] += points / (1 if level == 0 else level * 2)
            ancestor = ancestor.parent
    return {key: (tag, score * (1 - link_density(tag))) for key, (tag, score) in scores.items()}


def _initial_score(tag: Tag) -> float:
    name = tag.name
    bonus = TAG_BONUS.get(name, 0) + TAG_MALUS.get(name, 0)
    if tag.get("itemprop") == "articleBody":
        bonus += 2 * CLASS_WEIGHT
    return bonus + class_weight(tag)


def _with_siblings(top: Tag, scores: Scores) -> Tag:
    """The top element, or its parent stripped to the siblings that belong with it."""
    parent = top.parent
    if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
        return top
    threshold = max(10.0, scores[id(top)][1] * SIBLING_RATIO)
    keep = {
        id(s)
        for s in parent.find_all(True, recursive=False)
        if s is top or _belongs(s, scores, threshold)
    }
    if len(keep) == 1:
        return top
    for child in list(parent.children):
        if id(child) not in keep:
            child.extract()
    return parent


def _belongs(sibling: Tag, scores: Scores, threshold: float) -> bool:
    if scores.get(id(sibling), (sibling, 0.0))[1] >= threshold:
        return True
    if sibling.name == "p":
        text = clean(sibling.get_text())
        density = link_density(sibling, len(text))
        return (len(text) > 80 and density < 0.25) or (0 < len(text) <= 80 and density == 0 and text.endswith((".", "!", "?", '"', "”")))
    return sibling.name in ("figure", "picture") or (sibling.name in ("h2", "h3", "h4") and class_weight(sibling) >= 0)


def _clean(container: Tag) -> None:
    """Remove clutter inside the chosen container."""
    total = max(1, len(clean(container.get_text())))
    for tag in container.find_all(True):
        if tag.decomposed or tag.name in ("p", "a", "span", "em", "strong", "b", "i", "img", "picture", "source", "figcaption"):
            continue
        if class_weight(tag) < 0 and len(clean(tag.get_text())) < total * 0.5:
            tag.decompose()
    for tag in reversed(container.find_all(CONDITIONAL_TAGS)):
        if not tag.decomposed and _is_clutter(tag):
            tag.decompose()


def _is_clutter(tag: Tag) -> bool:
    """Readability's conditional clean: link lists, and blocks with little text of their own."""
    if tag.find(["img", "picture", "video", "table", "pre"]) and tag.name != "ul" and tag.name != "ol":
        text = clean(tag.get_text())
        return bool(text) and link_density(tag, len(text)) > 0.5 and len(text) < 200
    text = clean(tag.get_text())
    if not text:
        return not tag.find(["img", "picture", "iframe", "video", "hr"])
    density = link_density(tag, len(text))
    if tag.name in ("ul", "ol"):
        return density > 0.6
    paragraphs = len(tag.find_all("p"))
    if density > 0.5 or (density > 0.25 and len(text) < 300 and paragraphs < 2):
        return True
    return False
