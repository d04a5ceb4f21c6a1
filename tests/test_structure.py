"""The structural check: pressclip's Markdown, rendered by a CommonMark parser, against its HTML.

For every page of ``../shared/bench`` where an article is found, the Markdown is
parsed with markdown-it-py and compared with the elements it was converted from
(the story's element and the lead figures before it): the headings (text, order,
levels that never skip), list items, table cells, pictures, links, blockquotes
and the visible text (the same words in the same order).

The converter's deliberate differences are taken from its audit, not guessed:
subtrees it leaves out on purpose (ad labels, bylines, teaser lists, the headline
that repeats the title, icons), blocks it shows as a picture with a caption line,
the caption lines it composes and the JSON-LD pictures it adds. Everything else
must match.

Run ``python tests/test_structure.py [--corpus NAME] [--show N]`` for the share of
pages with a mismatch of each kind and the first difference on each page.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import CData, Comment, Declaration, Doctype, ProcessingInstruction, Tag
from bs4.element import NavigableString, PageElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # make ``bench`` importable when pytest runs from anywhere
    sys.path.insert(0, str(ROOT))

from bench.corpus import CORPORA, Case, corpus_root, load_cases  # noqa: E402

from pressclip.errors import NoArticleError  # noqa: E402
from pressclip.extract import extract_body  # noqa: E402
from pressclip.extract.markdown import Audit, Body  # noqa: E402
from pressclip.extract.media import image_source  # noqa: E402
from pressclip.model import Article  # noqa: E402
from pressclip.render import render_markdown  # noqa: E402

KINDS = ("headings", "lists", "tables", "images", "links", "blockquotes", "text", "front matter")
# Share of pages allowed a mismatch of each kind (the target is 0 for headings, lists,
# images and text; the residue of the others is explained in README.md).
CEILINGS = {
    "headings": 0.0,
    "lists": 0.0,
    "tables": 0.0,
    "images": 0.0,
    "links": 0.0,
    "blockquotes": 0.0,
    "text": 0.0,
    "front matter": 0.0,
}
# Front-matter keys and the ``Article.to_dict()`` field each holds.
FRONT_MATTER_FIELDS = {
    "title": "title",
    "authors": "authors",
    "date": "date_published",
    "lastmod": "date_modified",
    "canonical_url": "url",
    "site": "site_name",
    "language": "language",
    "description": "description",
    "image": "lead_image",
    "tags": "tags",
}
WORD = re.compile(r"\w+")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LISTS = frozenset(("ul", "ol", "menu"))
# A heading element that holds a block-level element and one of these is a part of the
# story, not one line.
NOT_IN_HEADING = ("img", "picture", "figure", "ul", "ol", "table", "blockquote", *HEADINGS)
INVISIBLE = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
# HTML's block-level elements: their edges separate words.
BLOCK_LEVEL = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    ]
)
# A table GFM cannot express: spanning cells, nested tables or block content in a cell.
# A table of one column is a layout box.
CELL_BLOCKS = ("table", "ul", "ol", "pre", "blockquote", "figure", "img", *HEADINGS)
MAX_HEADING_LEVEL = 6
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class Shape:
    """What a reader sees of an article's structure."""

    headings: list[tuple[str, int]] = field(default_factory=list)
    items: int = 0
    cells: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    quotes: int = 0
    words: list[str] = field(default_factory=list)


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def visible_text(node: PageElement) -> str:
    """The text a browser shows: strings run on, block edges and line breaks separate."""
    if isinstance(node, NavigableString):
        return "" if isinstance(node, INVISIBLE) else str(node)
    if not isinstance(node, Tag):
        return ""
    inner = "".join(visible_text(child) for child in node.children)
    return f" {inner} " if node.name in BLOCK_LEVEL else inner


def same_url(url: str) -> str:
    """A URL as a browser reads it: percent-encoding undone (the Markdown parser adds some)."""
    return unquote(url)


# ----------------------------------------------------------------------------- the HTML side


class HtmlWalk:
    """The shape of the source elements, less what the converter's audit says it left out."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.omitted = {id(node) for node in body.audit.omitted}
        self.figures = {id(node) for node in body.audit.pictured}
        """Nodes of which only the pictures are shown."""
        self.roots = {id(node) for node in body.sources}
        self.shape = Shape()
        self.text: list[str] = []

    def run(self) -> Shape:
        for source in self.body.sources:
            # A lead figure is a picture; the story's element is a container whatever its name.
            if id(source) in self.figures:
                self.pictures(source)
            for child in source.children if id(source) not in self.figures else ():
                self.visit(child, nested=False)
        self.shape.words = words("".join(self.text))
        self.shape.images = list(dict.fromkeys(self.shape.images))
        return self.shape

    def visit(self, node: PageElement, nested: bool) -> None:
        if id(node) in self.omitted or isinstance(node, INVISIBLE):
            return
        if id(node) in self.figures:
            self.pictures(node)
            return
        if isinstance(node, NavigableString):
            self.text.append(str(node))
            return
        if not isinstance(node, Tag):
            return
        edge = " " if node.name in BLOCK_LEVEL else ""
        self.text.append(edge)
        self.element(node, nested)
        inside = node.name in ("blockquote", "a") or self.item(node)
        for child in node.children:
            self.visit(child, nested or inside)
        self.text.append(edge)

    def element(self, tag: Tag, nested: bool) -> None:
        name, shape = tag.name, self.shape
        title = " ".join(words(visible_text(tag))) if name in HEADINGS else ""
        if title and not nested and is_one_line(tag):
            shape.headings.append((title, int(name[1])))
        elif self.item(tag):
            shape.items += 1
        elif name == "table" and expressible(tag):
            shape.cells += [t for t in (" ".join(words(visible_text(c))) for c in cells(tag)) if t]
        elif name == "img":
            self.picture(tag)
        elif name == "a":
            href = self.resolve(str(tag.get("href") or ""))
            if href and visible_text(tag).strip():
                shape.links.append(same_url(href))
        elif name == "blockquote":
            shape.quotes += 1

    def item(self, tag: Tag) -> bool:
        """A list item; the story's element is a container even when it is a list (a live blog)."""
        return is_item(tag) and id(tag.parent) not in self.roots

    def pictures(self, node: PageElement) -> None:
        """The pictures of a node the converter shows only the pictures of."""
        imgs = [node] if isinstance(node, Tag) and node.name == "img" else []
        imgs += node.find_all("img") if isinstance(node, Tag) else []
        for img in imgs:
            if not any(id(parent) in self.omitted for parent in (img, *img.parents)):
                self.picture(img)

    def picture(self, img: Tag) -> None:
        document = self.body.document
        src = image_source(img, document) if document is not None else None
        if src:
            self.shape.images.append(same_url(src))

    def resolve(self, href: str) -> str | None:
        document = self.body.document
        return document.absolute(href) if document is not None else href or None


def is_item(tag: Tag) -> bool:
    """A list item. A heading inside one (or in a quote) is shown as a strong line, inside a
    link as the link's text: not as a heading of the article."""
    return tag.name == "li" and isinstance(tag.parent, Tag) and tag.parent.name in LISTS


def is_one_line(heading: Tag) -> bool:
    holds_block = heading.find(BLOCK_LEVEL) is not None
    return not (holds_block and heading.find(NOT_IN_HEADING) is not None)


def cells(table: Tag) -> list[Tag]:
    rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
    return [c for r in rows for c in r.find_all(["td", "th"], recursive=False)]


def expressible(table: Tag) -> bool:
    found = cells(table)
    rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
    if not found or max(len(r.find_all(["td", "th"], recursive=False)) for r in rows) < 2:
        return False
    for cell in found:
        spans = (str(cell.get(a) or "1").strip() for a in ("colspan", "rowspan"))
        if any(s.isdigit() and int(s) > 1 for s in spans):
            return False
        if cell.find(CELL_BLOCKS) or len(cell.find_all("p")) > 1:
            return False
    return True


# ------------------------------------------------------------------------- the Markdown side


def markdown_shape(markdown: str, audit: Audit | None = None) -> Shape:
    """The shape of the rendered Markdown, less the lines, pictures and links it composed."""
    audit = audit or Audit()
    shape = Shape()
    lines = Counter(tuple(words(line)) for line in audit.composed)
    extra = Counter(same_url(src) for src in audit.pictures)
    links = Counter(same_url(href) for href in audit.links)
    tokens = PARSER.parse(markdown)
    text: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        title = " ".join(words(inline_text(tokens[index + 1]))) if kind == "heading_open" else ""
        if title:
            shape.headings.append((title, int(token.tag[1])))
        elif kind == "list_item_open":
            shape.items += 1
        elif kind in ("td_open", "th_open"):
            cell = " ".join(words(inline_text(tokens[index + 1])))
            if cell:
                shape.cells.append(cell)
        elif kind == "blockquote_open":
            shape.quotes += 1
        elif kind in ("fence", "code_block"):
            text.append(f" {token.content} ")
        elif kind == "inline" and token.children is not None:
            paragraph = inline_text(token)
            key = tuple(words(paragraph))
            if lines[key] > 0 and is_composed(tokens, index):
                lines[key] -= 1
            else:
                text.append(f" {paragraph} ")
            for child in token.children:
                href = same_url(str(child.attrs.get("href")))
                if child.type == "link_open" and links[href] > 0:
                    links[href] -= 1
                elif child.type == "link_open":
                    shape.links.append(href)
                elif child.type == "image":
                    src = same_url(str(child.attrs.get("src")))
                    if extra[src] > 0:
                        extra[src] -= 1
                    else:
                        shape.images.append(src)
    shape.words = words("".join(text))
    return shape


def is_composed(tokens: list[Token], index: int) -> bool:
    """A paragraph shaped like the lines the converter composes: ``*caption*``, ``[embed](url)``."""
    children = tokens[index].children or []
    first = children[0].type if children else ""
    return tokens[index - 1].type == "paragraph_open" and first in ("em_open", "link_open")


def inline_text(token: Token) -> str:
    """The visible text of an inline token (image descriptions are not text)."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


# ------------------------------------------------------------------------------ comparing


def expected_levels(source: list[int]) -> list[int]:
    """The Markdown level of each heading: one below the nearest earlier heading above it.

    The page's levels can skip (h2 then h4); the Markdown's never do.
    """
    shown: list[int] = []
    for index, level in enumerate(source):
        above = next((j for j in range(index - 1, -1, -1) if source[j] <= level), None)
        if above is None:
            shown.append(2)
        elif source[above] == level:
            shown.append(shown[above])
        else:
            shown.append(min(shown[above] + 1, MAX_HEADING_LEVEL))
    return shown


def levels_ok(html: list[tuple[str, int]], md: list[tuple[str, int]]) -> bool:
    return [lv for _, lv in md] == expected_levels([lv for _, lv in html])


def first_difference(expected: list[str], found: list[str]) -> str | None:
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            before = " ".join(expected[max(a1 - 4, 0) : a1])
            return f"{op} at …{before}: html {expected[a1:a2][:12]} / md {found[b1:b2][:12]}"
    return None


def compare(html: Shape, md: Shape) -> dict[str, str]:
    """The kinds that differ, each with a short description of the first difference."""
    found: dict[str, str] = {}
    html_titles, md_titles = [t for t, _ in html.headings], [t for t, _ in md.headings]
    if html_titles != md_titles:
        found["headings"] = first_difference(html_titles, md_titles) or "headings differ"
    elif not levels_ok(html.headings, md.headings):
        found["headings"] = f"levels {[lv for _, lv in html.headings]} → {md.headings}"
    if html.items != md.items:
        found["lists"] = f"{html.items} list items → {md.items}"
    if html.cells != md.cells:
        found["tables"] = first_difference(html.cells, md.cells) or "cells differ"
    if html.images != md.images:
        found["images"] = first_difference(html.images, md.images) or "images differ"
    if html.links != md.links:
        found["links"] = first_difference(html.links, md.links) or "links differ"
    if html.quotes != md.quotes:
        found["blockquotes"] = f"{html.quotes} blockquotes → {md.quotes}"
    difference = first_difference(html.words, md.words)
    if difference:
        found["text"] = difference
    return found


@dataclass(frozen=True)
class PageCheck:
    corpus: str
    id: str
    mismatches: dict[str, str]
    """Empty when the page matches; ``None`` pages (no article, text body) are skipped."""


def front_matter_problem(article: Article) -> str | None:
    """How the written front matter differs from ``Article.to_dict()``, if it does.

    It must load with ``yaml.safe_load`` to the article's values, one line per value.
    """
    written = render_markdown(article).split("\n---\n", 1)[0].removeprefix("---\n")
    loaded = yaml.safe_load(written)
    record = article.to_dict()
    expected = {key: record[name] for key, name in FRONT_MATTER_FIELDS.items() if record[name]}
    captions = list(dict.fromkeys(i["caption"] for i in record["images"] if i["caption"]))
    expected |= {"captions": captions} if captions else {}
    found = {key: loaded[key] for key in (*FRONT_MATTER_FIELDS, "captions") if key in loaded}
    if found != expected:
        key = next(k for k in {**expected, **found} if found.get(k) != expected.get(k))
        return f"{key}: wrote {found.get(key)!r}, article has {expected.get(key)!r}"
    lists = sum(len(v) for v in loaded.values() if isinstance(v, list))
    if len(written.splitlines()) != len(loaded) + lists:
        return "a value spans more than one line"
    return None


def check_case(case: Case) -> PageCheck | None:
    """The mismatches of one page; None where no article is found."""
    try:
        article, body = extract_body(case.html(), case.url)
    except NoArticleError:
        return None
    problem = front_matter_problem(article)
    found = {"front matter": problem} if problem else {}
    if body.sources:  # else the story came from JSON-LD's plain text: no markup to compare
        html = HtmlWalk(body).run()
        found |= compare(html, markdown_shape(body.markdown, body.audit))
    return PageCheck(case.corpus, case.id, found)


def check_corpus(corpus: str) -> Iterator[PageCheck]:
    for case in load_cases(corpus):
        result = check_case(case)
        if result is not None:
            yield result


def shares(results: list[PageCheck]) -> dict[str, float]:
    pages = len(results) or 1
    return {k: sum(1 for r in results if k in r.mismatches) / pages for k in KINDS}


# ---------------------------------------------------------------------------------- tests


@cache
def all_results() -> tuple[PageCheck, ...]:
    return tuple(r for corpus in CORPORA for r in check_corpus(corpus))


needs_bench = pytest.mark.skipif(
    not (corpus_root() / "fundus" / "cases.jsonl").exists(),
    reason=f"benchmark corpora not found at {corpus_root()}",
)


@needs_bench
@pytest.mark.parametrize("kind", KINDS)
def test_share_of_pages_with_a_mismatch(kind: str) -> None:
    results = list(all_results())
    bad = [f"{r.corpus}/{r.id}: {r.mismatches[kind]}" for r in results if kind in r.mismatches]
    assert len(bad) / len(results) <= CEILINGS[kind], "\n".join(bad[:20])


@needs_bench
def test_every_corpus_is_checked() -> None:
    checked = Counter(r.corpus for r in all_results())
    assert all(checked[corpus] > 0 for corpus in CORPORA), checked


# ------------------------------------------------------------------- the check itself


def test_walk_and_markdown_agree_on_a_faithful_conversion() -> None:
    from pressclip.extract import extract

    page = (
        "<html><head><title>T</title></head><body><article>"
        "<p>" + "A long first paragraph of the story, with enough words to count. " * 4 + "</p>"
        "<h2>Section</h2><ul><li>one <a href='/a'>link</a></li><li>two</li></ul>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<blockquote><p>Quoted, with a_b and *stars*.</p></blockquote>"
        "<p>" + "Another paragraph of the story so that it scores as the article. " * 4 + "</p>"
        "</article></body></html>"
    )
    _, body = extract_body(page, "https://example.com/news/")
    html = HtmlWalk(body).run()
    md = markdown_shape(body.markdown, body.audit)
    assert extract(page, "https://example.com/news/").markdown == body.markdown
    assert html.headings == [("section", 2)] and md.headings == [("section", 2)]
    assert (html.items, html.quotes, html.links) == (2, 1, ["https://example.com/a"])
    assert html.cells == ["a", "b", "1", "2"]
    assert compare(html, md) == {}


def test_pull_quote_left_out_is_in_the_audit() -> None:
    sentence = (
        "The tram will reach the northern suburbs by the spring of next year, the mayor said."
    )
    page = (
        "<html><head><title>T</title></head><body><article>"
        f'<div class="pullquote"><p>{sentence}</p></div>'
        "<p>" + "A long first paragraph of the story, with enough words to count. " * 4 + "</p>"
        f"<p>{sentence} Work starts in May.</p>"
        "<p>" + "Another paragraph of the story so that it scores as the article. " * 4 + "</p>"
        "</article></body></html>"
    )
    _, body = extract_body(page, "https://example.com/news/")
    assert [node.name for node in body.audit.omitted] == ["div"]
    assert body.markdown.count("northern suburbs") == 1
    assert compare(HtmlWalk(body).run(), markdown_shape(body.markdown, body.audit)) == {}


@pytest.mark.parametrize(
    ("markdown", "kind"),
    [
        pytest.param("one two three\n\n## four", "headings", id="heading-added"),
        pytest.param("one two\n\n- three\n- four", "lists", id="list-added"),
        pytest.param("one <b>two</b> three four", "text", id="raw-html-hides-nothing-but-tags"),
        pytest.param("one two <three> four", "text", id="unescaped-angle-bracket"),
        pytest.param("one two three four\n\n![](https://x/i.jpg)", "images", id="image-added"),
        pytest.param("one [two](https://x/) three four", "links", id="link-added"),
        pytest.param("> one two three four", "blockquotes", id="quote-added"),
        pytest.param("| one | two |\n| --- | --- |\n| three | four |", "tables", id="table-added"),
    ],
)
def test_compare_reports_each_kind(markdown: str, kind: str) -> None:
    html = Shape(words=["one", "two", "three", "four"])
    found = compare(html, markdown_shape(markdown))
    if kind == "text" and "<b>" in markdown:
        assert found == {}  # inline HTML tags render as nothing visible; the words survive
    else:
        assert kind in found


def test_composed_caption_lines_and_added_pictures_are_not_differences() -> None:
    html = Shape(words=["story"], images=[])
    audit = Audit(
        composed=["A caption Photo: AP", "Video on YouTube"],
        pictures=["https://x/ld.jpg"],
        links=["https://www.youtube.com/watch?v=x"],
    )
    md = markdown_shape(
        "![](https://x/ld.jpg)\n\n*A caption* — Photo: AP\n\nstory\n\n"
        "[Video on YouTube](https://www.youtube.com/watch?v=x)",
        audit,
    )
    assert compare(html, md) == {}


@pytest.mark.parametrize(
    ("html_levels", "md_levels", "ok"),
    [
        ([2, 3, 3, 2], [2, 3, 3, 2], True),
        ([3, 5, 4], [2, 3, 3], True),  # h5 under h3 is one level down; h4 after it not deeper
        ([3, 5, 4], [2, 4, 3], False),  # skips ###
        ([2, 3, 2], [2, 3, 3], False),
        ([2, 4, 3, 2, 4], [2, 3, 3, 2, 3], True),
        ([2, 3, 4, 5, 6, 6, 6], [2, 3, 4, 5, 6, 6, 6], True),
        ([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 6], True),  # ###### at most
        ([1, 2], [3, 4], False),  # does not start at ##
        ([2, 2], [2, 3], False),
    ],
)
def test_heading_levels(html_levels: list[int], md_levels: list[int], ok: bool) -> None:
    assert levels_ok([("", lv) for lv in html_levels], [("", lv) for lv in md_levels]) is ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", choices=CORPORA)
    parser.add_argument("--show", type=int, default=10, help="pages listed per kind")
    parser.add_argument("--kind", action="append", choices=KINDS)
    args = parser.parse_args(argv)
    results = [r for c in args.corpus or CORPORA for r in check_corpus(c)]
    print(f"{len(results)} pages checked")
    for kind, share in shares(results).items():
        print(f"{kind:12} {share:6.1%}")
    for kind in args.kind or KINDS:
        bad = [r for r in results if kind in r.mismatches]
        for r in bad[: args.show]:
            print(f"  {kind} {r.corpus}/{r.id}: {r.mismatches[kind]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
