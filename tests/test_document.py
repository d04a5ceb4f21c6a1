"""``document``: the parsed page (the same tree as bs4's own lxml builder makes), the
elements recorded while parsing, and the ``<meta>``, ``<link>`` and JSON-LD lookups."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import PageElement

from pressclip.decode import decode
from pressclip.extract import content
from pressclip.extract.document import parse

URL = "https://news.example.com/world/story.html"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trackpersia.html"


def _shape(node: PageElement) -> tuple[object, ...]:
    """What a tree node is: its class, name and attributes (with their value types)."""
    if isinstance(node, Tag):
        attrs = [(type(k).__name__, k, type(v).__name__, v) for k, v in node.attrs.items()]
        return (type(node), node.name, node.prefix, node.namespace, attrs, node.sourceline)
    return (type(node), str(node))


def _stock(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            '<html><head><title>T</title><meta charset="utf-8"></head><body>'
            '<p class=" lead  intro ">One <b>two</b></p><a rel="author nofollow" href="/a">A</a>'
            '<td headers="h1 h2">x</td><input disabled value="">'
            "<p class='' id='empty'>y</p></body></html>",
            id="multi-valued-attributes",
        ),
        pytest.param(
            "<!DOCTYPE html><html><body><!-- note --><pre>\n  keep   this\n</pre>"
            "<textarea>  a\n b </textarea>\n   \n<script>var a = '<p>';</script>"
            "<style>p{}</style><template><p>t</p></template></body></html>",
            id="strings-of-every-kind",
        ),
        pytest.param(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<use xlink:href="#a"/></svg><fb:like href="x"></fb:like><o:p></o:p>',
            id="prefixed-names",
        ),
        pytest.param(
            '<div {ns}attr="1" {x="2" a{b}="3">text</div>', id="names-that-look-namespaced"
        ),
        pytest.param(
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><p>x<![CDATA[y]]></p><?php echo 1; ?></body></html>",
            id="xhtml",
        ),
        pytest.param("<p>unclosed <b>bold <i>both</p> after</b> tail", id="broken-markup"),
        pytest.param("", id="empty"),
    ],
)
def test_tree_is_the_one_bs4_builds(html: str) -> None:
    ours, stock = parse(html).soup, _stock(html)
    assert ours.decode() == stock.decode()
    assert [_shape(n) for n in ours.descendants] == [_shape(n) for n in stock.descendants]


def test_real_page_tree_is_the_one_bs4_builds() -> None:
    text = decode(EXAMPLE.read_bytes())
    ours, stock = parse(text).soup, _stock(text)
    assert [_shape(n) for n in ours.descendants] == [_shape(n) for n in stock.descendants]


def test_elements_are_every_tag_in_page_order() -> None:
    doc = parse("<html><head><title>T</title></head><body><p>a<b>b</b></p><p>c</p></body></html>")
    tags = [n for n in doc.soup.descendants if isinstance(n, Tag)]
    assert [t.name for t in doc.elements] == ["html", "head", "title", "body", "p", "b", "p"]
    assert all(a is b for a, b in zip(doc.elements, tags, strict=True))
    assert [p.get_text() for p in doc.named("p")] == ["ab", "c"]
    assert doc.named("h1") == []


def test_a_second_parse_starts_a_new_record() -> None:
    first, second = parse("<p>a</p>"), parse("<div><span>b</span></div>")
    assert [t.name for t in first.elements] == ["html", "body", "p"]
    assert [t.name for t in second.elements] == ["html", "body", "div", "span"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<base href="https://cdn.example.com/news/">', "https://cdn.example.com/news/"),
        ('<base href="/en/">', "https://news.example.com/en/"),
        # Only the first <base> with an href counts, and an empty one is no base at all.
        ('<base target="_blank"><base href="/a/"><base href="/b/">', "https://news.example.com/a/"),
        ('<base href=" ">', URL),
        ("", URL),
    ],
)
def test_base_url(head: str, expected: str) -> None:
    assert parse(f"<html><head>{head}</head><body></body></html>", URL).url == expected


def test_meta_by_every_key_attribute() -> None:
    doc = parse(
        '<meta property="OG:Title" content="A"><meta name="og:title" content="B">'
        '<meta itemprop="datePublished" content="2024-01-02"><meta name="x">'
        '<meta http-equiv="content-language" content="de">'
    )
    assert doc.meta == {
        "og:title": ["A", "B"],
        "datepublished": ["2024-01-02"],
        "content-language": ["de"],
    }


def test_links_by_rel_word() -> None:
    doc = parse(
        '<link rel="Canonical" href="/a"><link rel="alternate amphtml" href="/amp">'
        '<link rel="canonical"><link rel="canonical" href="/b">'
    )
    assert doc.links == {"canonical": ["/a", "/b"], "alternate": ["/amp"], "amphtml": ["/amp"]}


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', ["NewsArticle"]),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
            ' {"@type": "Article"}]}</script>',
            ["WebPage", "Article"],
        ),
        ('<script type="application/json">{"@type": "Article"}</script>', []),
        ('<script type="application/ld+json">{broken</script>', []),
    ],
)
def test_jsonld(script: str, expected: list[str]) -> None:
    assert [item["@type"] for item in parse(f"<head>{script}</head>").jsonld] == expected


def test_lookups_outlive_pruning() -> None:
    """``<meta>``, ``<link>`` and JSON-LD are gathered at parse time, before the head goes."""
    doc = parse(
        '<html><head><link rel="canonical" href="/c"><meta property="og:title" content="T">'
        '<script type="application/ld+json">{"@type": "Article"}</script></head>'
        "<body><p>text</p></body></html>",
        URL,
    )
    content.prune(doc.soup)
    assert doc.soup.find("head") is None
    assert (doc.links["canonical"], doc.meta["og:title"], len(doc.jsonld)) == (["/c"], ["T"], 1)


def test_stock_builder_takes_over_if_bs4_internals_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bs4 release that changes what the lean builder relies on must not break parsing."""
    from pressclip.extract import document

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise AttributeError("changed internals")

    html = "<html><head><title>T</title></head><body><p class='a b'>Hello</p></body></html>"
    expected = str(document.parse(html).soup)
    monkeypatch.setattr(document._TreeBuilder, "start", broken)
    doc = document.parse(html)
    assert str(doc.soup) == expected
    assert [t.name for t in doc.elements] == ["html", "head", "title", "body", "p"]


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            "<!doctype html><title>T</title><article><p>Story</p></article>", id="no-body"
        ),
        pytest.param(
            "<html><body><p>a</p></body></html><article><p>Story</p></article>", id="after-html"
        ),
        pytest.param(
            "<html><body><p>a</p><p></body></html></p><article><p>Story</p></article>",
            id="stray-end-tags",
        ),
    ],
)
def test_content_outside_body_is_moved_into_it(page: str) -> None:
    """libxml2 leaves such content in <head> or a second <html>; browsers show it in <body>."""
    soup = parse(page).soup
    assert soup.body is not None
    assert soup.body.find("article") is not None
    assert len(soup.find_all("html")) == 1
    assert soup.head is None or soup.head.find("article") is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("story one.html", "https://example.com/news/story%20one.html"),
        ('/q?a="b"', "https://example.com/q?a=%22b%22"),
        ("/zürich", "https://example.com/zürich"),
        ("/already%20encoded", "https://example.com/already%20encoded"),
        ("javascript:alert(1)", None),
        ("  ", None),
    ],
)
def test_links_are_absolute_and_valid_urls(href: str, expected: str | None) -> None:
    """Spaces and quotes are percent-encoded (front matter, Markdown); letters stay readable."""
    assert parse("<p>x</p>", "https://example.com/news/").absolute(href) == expected
