"""``find_authors``: which source wins, and how an author string becomes names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pressclip.extract.authors import find_authors
from pressclip.extract.document import parse

URL = "https://www.example-news.de/politik/article-1.html"
SITE = "Example News"


def page(body: str = "", head: str = "", ld: Any = None) -> str:
    """A minimal article page; ``ld`` is serialised into a JSON-LD script."""
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{head}{script}</head><body>{body}</body></html>"


def article(author: Any, **extra: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", "author": author, **extra}


def meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{content}">'


def authors(html: str, site: str | None = SITE, url: str | None = URL) -> tuple[str, ...]:
    return find_authors(parse(html, url), site)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD person list, in page order.
        (
            page(ld=article([{"@type": "Person", "name": "Anna Berg"}, {"name": "Jan Roth"}])),
            ("Anna Berg", "Jan Roth"),
        ),
        # A plain string, and "creator" when there is no "author".
        (page(ld=article("Anna Berg")), ("Anna Berg",)),
        (page(ld={"@type": "Article", "creator": ["Jan Roth"]}), ("Jan Roth",)),
        # "@id" references resolved against the page's other JSON-LD objects.
        (
            page(
                ld={
                    "@graph": [
                        article({"@id": "https://example-news.de/#/person/1"}),
                        {
                            "@type": "Person",
                            "@id": "https://example-news.de/#/person/1",
                            "name": "Eva Klein",
                        },
                    ]
                }
            ),
            ("Eva Klein",),
        ),
        # One JSON-LD string naming several people is split.
        (
            page(ld=article("Samya Kullab and Vasilisa Stepanenko")),
            ("Samya Kullab", "Vasilisa Stepanenko"),
        ),
        # Words that would disqualify a byline are deliberate in JSON-LD.
        (page(ld=article({"name": "Guardian staff reporter"})), ("Guardian staff reporter",)),
        (page(ld=article({"name": "BR24 Redaktion"})), ("BR24 Redaktion",)),
        # An agency credited beside a person is kept.
        (
            page(ld=article([{"@type": "Organization", "name": "dpa"}, {"name": "Anna Berg"}])),
            ("dpa", "Anna Berg"),
        ),
        # A role appended to the name is cut.
        (page(ld=article([{"name": "Mathias Hagen / Journalist"}])), ("Mathias Hagen",)),
        (page(ld=article("신현주 기자")), ("신현주",)),
    ],
)
def test_jsonld(html: str, expected: tuple[str, ...]) -> None:
    assert authors(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # The publisher alone is the author when nobody else is named.
        (page(ld=article({"@type": "Organization", "name": "Example News"})), ("Example News",)),
        # ... but the byline is read first: a person there beats the publisher.
        (
            page(
                '<div class="article__author">Von Jemima Kelly</div>',
                ld=article({"@type": "Organization", "name": "Example News"}),
            ),
            ("Jemima Kelly",),
        ),
        # The site is recognised by the host's label too (n-tv NACHRICHTEN on n-tv.de).
        (
            page('<p class="author">von David Straub</p>', meta("author", "example-news.de")),
            ("David Straub",),
        ),
        (
            page(
                '<span class="byline">Von Seb Dumitru</span>',
                meta("author", "EXAMPLE-NEWS Nachrichten"),
            ),
            ("Seb Dumitru",),
        ),
        # The site named beside a person is dropped.
        (page(ld=article(["Anna Berg", "Example News"])), ("Anna Berg",)),
        # An author string with a web address is the organisation.
        (
            page(
                "<li><strong>Autorin/Autor</strong> Roman Goncharenko</li>",
                meta("author", "Deutsche Welle (www.dw.com)"),
            ),
            ("Roman Goncharenko",),
        ),
        (page(head=meta("author", "Deutsche Welle (www.dw.com)")), ("Deutsche Welle",)),
    ],
)
def test_publisher(html: str, expected: tuple[str, ...]) -> None:
    assert authors(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # <meta> when JSON-LD names nobody, in key order.
        (page(head=meta("author", "Carla Siepmann")), ("Carla Siepmann",)),
        (
            page(head=meta("parsely-author", "Jody Robbins") + meta("byl", "By Tom Davies")),
            ("Jody Robbins",),
        ),
        # URLs, e-mail addresses and photo credits in <meta> are no names.
        (
            page(
                head=meta("article:author", "https://www.facebook.com/site")
                + meta("author", "Emma Mackenzie")
            ),
            ("Emma Mackenzie",),
        ),
        (
            page(
                head=meta("author", "Emma Mackenzie")
                + meta("author", "(Image: Getty Images/iStockphoto)")
            ),
            ("Emma Mackenzie",),
        ),
        (page(head=meta("author", "a.sleegers@example-news.de")), ()),
        # "By X and Y", "Von X, Y und Z" and their duplicates.
        (
            page(head=meta("byl", "By Maya Gebeily and Anthony Deutsch")),
            ("Maya Gebeily", "Anthony Deutsch"),
        ),
        (
            page(head=meta("author", "Von Anna Martel, Lea Wagner und Paul Roth")),
            ("Anna Martel", "Lea Wagner", "Paul Roth"),
        ),
        (
            page(head=meta("author", "Emily Zemler") + meta("author", "emily  ZEMLER")),
            ("Emily Zemler",),
        ),
        # A parenthesised alias is cut.
        (page(head=meta("author", "Julian Seiferth (jse)")), ("Julian Seiferth",)),
        # Labels before the name are cut; a photo or source credit and what follows are no authors.
        (page(head=meta("author", "Текст: Венера Ерофеева")), ("Венера Ерофеева",)),
        (page(head=meta("author", "Photos and text by Jane Doe")), ("Jane Doe",)),
        (page(head=meta("author", "ssi, dan; Foto [M]: Shutterstock")), ("ssi", "dan")),
        (page(head=meta("author", "Foto: Anna Berg")), ()),
        # "von" inside a name is a particle, not "by".
        (page(head=meta("author", "Ursula von der Leyen")), ("Ursula von der Leyen",)),
    ],
)
def test_meta(html: str, expected: tuple[str, ...]) -> None:
    assert authors(html) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Microdata, with its name property preferred over the block's other text.
        (
            '<div itemprop="author"><span itemprop="name">Ingrid Treborg</span> Reporter</div>',
            ("Ingrid Treborg",),
        ),
        (
            '<div itemprop="author" itemscope><meta itemprop="name" content="Lea Wagner"></div>',
            ("Lea Wagner",),
        ),
        # rel=author links, next to each other.
        (
            'By <a rel="author" href="/a">Anna Berg</a> and <a rel="author" href="/b">Jan Roth</a>',
            ("Anna Berg", "Jan Roth"),
        ),
        # Byline classes: dates, times, reading time and a role are cut.
        (
            '<div class="c-byline">By Samya Kullab and Vasilisa Stepanenko'
            " | Posted May 24, 2026 10:05 am | 4 min read</div>",
            ("Samya Kullab", "Vasilisa Stepanenko"),
        ),
        (
            '<div class="authors"><span>capital</span><span>von Jemima Kelly</span>'
            "<span>05. November 2024</span><span>15:36 Uhr</span></div>",
            ("Jemima Kelly",),
        ),
        (
            '<span class="authorname">Holger Zschäpitz</span>'
            '<span class="author-role">Leitender Wirtschaftsredakteur</span>',
            ("Holger Zschäpitz",),
        ),
        # A place after the name stays, a lone button does not.
        ('<span class="article__author">Von Seb Dumitru, Lille</span>', ("Seb Dumitru", "Lille")),
        ('<div class="byline"><a>Greg Iacurci</a><span>Follow</span></div>', ("Greg Iacurci",)),
        # A link to an author page.
        ('<p>von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>', ("Dr. Max Kolter",)),
        # A label and its value.
        ("<dl><dt>Author:</dt><dd>Nathaniel Flakin</dd></dl>", ("Nathaniel Flakin",)),
        ("<p><strong>Author:</strong> Nathaniel Flakin</p>", ("Nathaniel Flakin",)),
        # A source credit, initials, lower-case furniture and headings are not authors.
        ('<div class="byline">Quelle: sid, dpa</div>', ()),
        ('<span class="author">amw</span>', ()),
        (
            '<div class="author"><a>SHOW ALL ARTICLES OF</a> <a>Heiko Sauer</a></div>',
            ("Heiko Sauer",),
        ),
        (
            '<div class="byline">Agence France-Presse | Correspondent</div>',
            ("Agence France-Presse",),
        ),
        # Layout utility classes are not byline hints.
        ('<div class="[grid-area:authors]">Trumps Iran-Blockade</div>', ()),
        # Comment threads, teasers, asides and quotes are not the article's byline.
        ('<div class="comment-body"><cite class="author-name">Paul Coker</cite></div>', ()),
        ('<a href="/other-story"><div class="authors">von Alana Friedrichs</div></a>', ()),
        ('<aside><span class="author">Petra Lerchbaumer</span></aside>', ()),
        ('<div class="widget__author">Javier López</div>', ()),
        # Only the first byline and its neighbours: further ones belong to other stories.
        (
            '<header><ul class="author-list"><li>Nathaniel Flakin</li></ul></header>'
            '<section><div><ul class="author-list"><li>Emilio Albamonte</li></ul></div></section>',
            ("Nathaniel Flakin",),
        ),
    ],
)
def test_byline(body: str, expected: tuple[str, ...]) -> None:
    assert authors(page(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The hint may be in the id, in capitals, or beside utility classes.
        ('<p id="articleByline">By Anna Berg</p>', ("Anna Berg",)),
        ('<p class="ArticleAuthor">Anna Berg</p>', ("Anna Berg",)),
        ('<p class="md:mt-8 byline text-[12px]">Anna Berg</p>', ("Anna Berg",)),
        # An element without class or id is a byline only by microdata, rel or its link.
        ('<span itemprop="author">Anna Berg</span>', ("Anna Berg",)),
        ('<a rel="author">Anna Berg</a>', ("Anna Berg",)),
        ('<a href="/authors/anna-berg">Anna Berg</a>', ("Anna Berg",)),
        ('<p data-role="author">Anna Berg</p>', ()),
        # A hint beside a word that marks an author box or a teaser is not a byline.
        ('<div class="author-bio">Anna Berg</div>', ()),
        ('<p class="author" id="related-1">Anna Berg</p>', ()),
    ],
)
def test_byline_marks(body: str, expected: tuple[str, ...]) -> None:
    assert authors(page(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A bold name as the first or last paragraph of the text signs it.
        (
            "<div><p><strong>Mohloai Mpesi</strong></p><p>One.</p><p>Two.</p><p>Three.</p></div>",
            ("Mohloai Mpesi",),
        ),
        (
            "<div><p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p>"
            '<p style="text-align:right"><b>Lê Phương</b></p></div>',
            ("Lê Phương",),
        ),
        # Not a bold sentence, a bold place or a bold heading.
        (
            "<div><p><strong>MK Naftali Bennett, Vorsitzender der Yamina-Partei, erklärte am"
            " Samstag, warum</strong></p><p>One.</p><p>Two.</p></div>",
            (),
        ),
        ("<div><p><strong>KATHMANDU</strong></p><p>One.</p><p>Two.</p></div>", ()),
        ("<div><p><b>ENTERTAINER OF THE YEAR</b></p><p>One.</p><p>Two.</p></div>", ()),
        # Nor a bold paragraph in the middle of the text.
        (
            "<div><p>One.</p><p>Two.</p><p>Three.</p><p><b>Anna Berg</b></p>"
            "<p>Four.</p><p>Five.</p><p>Six.</p></div>",
            (),
        ),
    ],
)
def test_signature(body: str, expected: tuple[str, ...]) -> None:
    assert authors(page(body)) == expected


def test_signature_beats_publisher() -> None:
    html = page(
        "<div><p><strong>Mohloai Mpesi</strong></p><p>One.</p><p>Two.</p></div>",
        meta("author", "Example News"),
    )
    assert authors(html) == ("Mohloai Mpesi",)


def test_jsonld_beats_meta_and_byline() -> None:
    html = page(
        '<span class="byline">By Someone Else</span>',
        meta("author", "Amin Al Magrebi"),
        article({"@type": "Person", "name": "Matthew Loh"}),
    )
    assert authors(html) == ("Matthew Loh",)


def test_no_authors() -> None:
    assert authors(page("<p>Just text.</p>"), site=None, url=None) == ()
