"""``metadata``: the headline (which source wins, site names, kickers, breadcrumbs) and
the site name, description, language, canonical URL, lead image and tags."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pressclip.extract import content, metadata
from pressclip.extract.document import parse

URL = "https://www.example-news.de/politik/article-1.html"
SITE = "Example News"


def page(body: str = "", head: str = "", ld: Any = None, lang: str = "") -> str:
    """A minimal page; ``ld`` is serialised into a JSON-LD script."""
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    attr = f' lang="{lang}"' if lang else ""
    return f"<html{attr}><head>{head}{script}</head><body>{body}</body></html>"


def meta(key: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{key}" content="{content}">'


def og(value: str) -> str:
    return meta("og:title", value)


def site(value: str = SITE) -> str:
    return meta("og:site_name", value)


def tab(value: str) -> str:
    return f"<title>{value}</title>"


def headline(value: str, **extra: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", "headline": value, **extra}


def title_of(html: str, url: str | None = URL) -> str | None:
    doc = parse(html, url)
    return metadata.title(doc, metadata.site_name(doc))


# ------------------------------------------------------------------ site-name affixes


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        # Suffix and prefix forms, by og:site_name.
        (page(head=site() + tab("Harbour reopens - Example News")), URL, "Harbour reopens"),
        (page(head=site() + tab("Example News | Harbour reopens")), URL, "Harbour reopens"),
        (page(head=site() + tab("Harbour reopens » Example News")), URL, "Harbour reopens"),
        # A longer form of the name ("Mail Online" for "Daily Mail Online").
        (page(head=site() + tab("Harbour reopens | Example News Online")), URL, "Harbour reopens"),
        # Several affixes: section, site, date, byline.
        (
            page(head=tab("Harbour reopens – DW – 13.06.2023")),
            "https://www.dw.com/de/a-1",
            "Harbour reopens",
        ),
        (
            page(head=site() + tab("Harbour reopens | Example News | by Jane Roe")),
            URL,
            "Harbour reopens",
        ),
        # The host's name, transliterated as host names are ("boersen" for "Börsen").
        (
            page(head=tab("Dax legt zu | Börsen-Zeitung")),
            "https://www.boersen-zeitung.de/a",
            "Dax legt zu",
        ),
        # "Site: Story" only when the label is exactly the site's name.
        (page(head=site() + tab("Example News: Harbour reopens")), URL, "Harbour reopens"),
        (page(head=site() + tab("Brexit: Harbour reopens")), URL, "Brexit: Harbour reopens"),
        (
            page(head=tab("Gift guide by example-news.de: what to buy")),
            URL,
            "Gift guide by example-news.de: what to buy",
        ),
        # A site name glued on with a full-width separator.
        (
            page(head=site("中日新聞Web") + tab("南海トラフ、一時調査：中日新聞Web")),
            URL,
            "南海トラフ、一時調査",
        ),
        # A separator left dangling by a site name cut off upstream.
        (page(head=og("Harbour reopens after repairs -")), URL, "Harbour reopens after repairs"),
        # A title that is only the site's name is no title.
        (page(head=site() + og(SITE) + tab("Harbour reopens today")), URL, "Harbour reopens today"),
        # Words that merely contain the site's name stay.
        (
            page(head=site("Experience") + tab("New CEO at Experience")),
            URL,
            "New CEO at Experience",
        ),
    ],
)
def test_site_name_affixes_are_removed(html: str, url: str, expected: str) -> None:
    assert title_of(html, url) == expected


# ------------------------------------------------------------------ which source wins


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD and og:title agree: they win over a heading with a section label...
        (
            page(
                "<h1><span>Kultur :</span> <span>Harbour reopens</span></h1>",
                og("Harbour reopens"),
                headline("Harbour reopens"),
            ),
            "Harbour reopens",
        ),
        # ...and over a heading that leaves out the kicker they carry.
        (
            page(
                "<h1>Harbour reopens</h1>",
                og("Hamburg: Harbour reopens"),
                headline("Hamburg: Harbour reopens"),
            ),
            "Hamburg: Harbour reopens",
        ),
        # They agree when one adds a section suffix.
        (
            page(head=og("Harbour reopens-Politik"), ld=headline("Harbour reopens")),
            "Harbour reopens",
        ),
        # They disagree: the one the visible heading repeats wins.
        (
            page(
                "<h1>Harbour reopens after repairs</h1>",
                og("Harbour reopens after repairs"),
                headline("SEO title"),
            ),
            "Harbour reopens after repairs",
        ),
        (
            page(
                "<h1>Harbour reopens at last</h1>",
                og("A social headline"),
                headline("Harbour reopens at last"),
            ),
            "Harbour reopens at last",
        ),
        # A heading repeated only by <title> does not beat og:title.
        (
            page(
                "<h1>Long SEO headline here</h1>",
                og("Short social headline") + tab("Long SEO headline here"),
            ),
            "Short social headline",
        ),
        # Without og:title or JSON-LD, <title> confirms the heading.
        (page("<h1>Harbour reopens</h1>", tab("Harbour reopens")), "Harbour reopens"),
        # Nothing agrees: JSON-LD, then og:title.
        (
            page("<h1>Something else</h1>", og("Social headline"), headline("Declared headline")),
            "Declared headline",
        ),
        (
            page("<h1>Something else</h1>", og("Social headline") + tab("Page title here")),
            "Social headline",
        ),
        # Only a heading; no source at all.
        (page("<h1>Harbour reopens</h1>"), "Harbour reopens"),
        (page("<p>No title anywhere</p>"), None),
        # A one-word og:title is a section, not a headline.
        (
            page(
                "<h1>Harbour reopens today</h1>",
                og("Pressemitteilungen") + tab("Harbour reopens today"),
            ),
            "Harbour reopens today",
        ),
        (page(head=tab("Baumgutachten")), "Baumgutachten"),
    ],
)
def test_title_source_ranking(html: str, expected: str | None) -> None:
    assert title_of(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A JSON-LD headline truncated to a length limit: the heading is the whole headline.
        (
            page(
                "<h1>Hunter diagnosed with plague after eating a rabbit, third case this year</h1>",
                ld=headline("Hunter diagnosed with plague after eating a rabbit, third"),
            ),
            "Hunter diagnosed with plague after eating a rabbit, third case this year",
        ),
        # og:title puts the heading behind a label or before a blog name.
        (
            page("<h1>Republicans follow Trump</h1>", og("Opinion | Republicans follow Trump")),
            "Republicans follow Trump",
        ),
        (
            page("<h1>Uberspace and TLS</h1>", og("Uberspace and TLS – On the Edge")),
            "Uberspace and TLS",
        ),
        (
            page("<h1>VDA-Chefin Müller: Alles gut</h1>", og("VDA-Chefin Müller")),
            "VDA-Chefin Müller: Alles gut",
        ),
        # A short og:title that is not the heading's start stays the answer.
        (
            page("<h1>Harbour reopens after long repairs</h1>", og("Harbour")),
            "Harbour reopens after long repairs",
        ),
    ],
)
def test_heading_that_a_declared_title_shortens(html: str, expected: str) -> None:
    assert title_of(html) == expected


# ------------------------------------------------------------------ headings


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # An SEO <h1> in a breadcrumb nav: the next heading is the headline shown,
        # and its part after the kicker is what og:title confirms.
        (
            page(
                '<nav class="breadcrumb"><h1>Olympia: SEO headline</h1></nav>'
                "<h2><span>Kicker</span><span>Shown headline</span></h2>",
                og("Shown headline"),
                headline("Olympia: SEO headline"),
            ),
            "Shown headline",
        ),
        # The trail recognised by its links, without any class name.
        (
            page(
                "<div><a href='/'>Home</a><a href='/p'>Politik</a><h1>SEO headline here</h1></div>"
                "<h2>Shown headline here</h2>",
                og("Shown headline here"),
                headline("SEO headline here"),
            ),
            "Shown headline here",
        ),
        # A breadcrumb <h1> still counts when only it is confirmed.
        (
            page(
                "<ul><li><a href='/'>Home</a></li><li><h1>Lego feiert Star-Wars-Tag</h1></li></ul>"
                "<h2>Mehr zum Thema</h2>",
                og("Viele neue Sets"),
                headline("Lego feiert Star-Wars-Tag"),
            ),
            "Lego feiert Star-Wars-Tag",
        ),
        # A kicker inside the <h1>: the headline part when that is declared...
        (
            page(
                "<h1><span>Premier League</span> <span>Liverpool loses at Everton</span></h1>",
                og("Liverpool loses at Everton"),
            ),
            "Liverpool loses at Everton",
        ),
        # ...the whole heading when the kicker is shown joined by a colon.
        (
            page(
                "<h1><span>Entwurf</span><span>: </span><span>Ein bisschen Fortschritt</span></h1>",
                og("Entwurf: Ein bisschen Fortschritt"),
            ),
            "Entwurf: Ein bisschen Fortschritt",
        ),
        # A decorative separator (aria-hidden) and comments are not text.
        (
            page(
                '<h1><span>Umbau</span><span aria-hidden="true"> – </span>'
                "<!-- x --><span>Trump plant Landeplatz</span></h1>",
                og("Trump plant Landeplatz"),
            ),
            "Trump plant Landeplatz",
        ),
        # The site's logo in an <h1> is not the headline.
        (page(f"<h1>{SITE}</h1><h1>Harbour reopens</h1>", site()), "Harbour reopens"),
    ],
)
def test_visible_headings(html: str, expected: str) -> None:
    assert title_of(html) == expected


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        # Spans shown as lines need a space; inline markup keeps its own spacing.
        ("<span>Nationale Demo</span>Der 9. Juli naht", "Nationale Demo Der 9. Juli naht"),
        ("Trump <em>says</em>, no", "Trump says, no"),
        ("<span>Harbour</span><span>(again)</span>", "Harbour (again)"),
        ("Line one<br>line two", "Line one line two"),
        ("<div>Block one</div><div>block two</div>", "Block one block two"),
        ("Soft\u00adhyphen and zero\u200bwidth", "Softhyphen and zerowidth"),
        ("Tom &amp; Jerry<script>var x = 1;</script>", "Tom & Jerry"),
        ("\n   Spaced \t out\n  ", "Spaced out"),
    ],
)
def test_heading_text_as_shown(h1: str, expected: str) -> None:
    assert title_of(page(f"<h1>{h1}</h1>")) == expected


def test_deeply_nested_heading_does_not_recurse() -> None:
    nested = "<span>" * 3000 + "Deep headline" + "</span>" * 3000
    assert title_of(page(f"<h1>{nested}</h1>")) == "Deep headline"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Escaped entities in JSON-LD (double escaped by the CMS) and in <meta>.
        (page(ld=headline("Tom &amp; Jerry&#039;s &quot;day&quot;")), 'Tom & Jerry\'s "day"'),
        (page(head=og("Fish &amp; chips are back")), "Fish & chips are back"),
        # Soft hyphens in og:title do not stop it confirming the heading.
        (
            page("<h1>Helikopterlandeplatz gebaut</h1>", og("Helikopter&shy;landeplatz gebaut")),
            "Helikopterlandeplatz gebaut",
        ),
    ],
)
def test_entities_and_invisible_characters(html: str, expected: str) -> None:
    assert title_of(html) == expected


# ------------------------------------------------------------------ other fields


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(head=site("  Example &amp; News ")), "Example & News"),
        # A Twitter handle or a URL is not a name: the next source is.
        (
            page(
                head=meta("twitter:site", "@examplenews", "name")
                + meta("application-name", "Example", "name")
            ),
            "Example",
        ),
        (page(head=site("https://www.example-news.de")), None),
        (
            page(ld=headline("x", publisher={"@type": "Organization", "name": "Example News"})),
            "Example News",
        ),
        (page(ld={"@type": "WebSite", "name": "Example Web"}), "Example Web"),
        (page(), None),
    ],
)
def test_site_name(html: str, expected: str | None) -> None:
    assert metadata.site_name(parse(html, URL)) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            page(
                head=meta("og:description", "From OpenGraph"),
                ld=headline("x", description="From JSON-LD"),
            ),
            "From JSON-LD",
        ),
        (
            page(head=meta("description", "Fish &amp; chips\n  return", "name")),
            "Fish & chips return",
        ),
        (page(), None),
    ],
)
def test_description(html: str, expected: str | None) -> None:
    assert metadata.description(parse(html, URL)) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(lang="en-US"), "en"),
        (page(lang="PT_br"), "pt"),
        (page(head=meta("og:locale", "de_DE")), "de"),
        (page(ld=headline("x", inLanguage="fr-FR")), "fr"),
        # Not a language subtag: the next source, or none.
        (page(lang="x-default", head=meta("og:locale", "es_ES")), "es"),
        (page(lang="english"), None),
        (page(), None),
    ],
)
def test_language(html: str, expected: str | None) -> None:
    assert metadata.language(parse(html, URL)) == expected


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (
            page(head='<link rel="canonical" href="/politik/a-1">'),
            URL,
            "https://www.example-news.de/politik/a-1",
        ),
        (page(head=meta("og:url", "https://example-news.de/a")), URL, "https://example-news.de/a"),
        # An unsafe or empty link falls back to the next source, then the page's URL.
        (page(head='<link rel="canonical" href="javascript:alert(1)">'), URL, URL),
        (
            page(ld=headline("x", url="https://example-news.de/ld")),
            URL,
            "https://example-news.de/ld",
        ),
        (page(), None, None),
    ],
)
def test_canonical_url(html: str, url: str | None, expected: str | None) -> None:
    assert metadata.canonical_url(parse(html, url)) == expected


def test_canonical_link_is_read_after_the_head_is_pruned() -> None:
    """``extract()`` reads the URL after ``content.prune()`` has removed ``<head>``."""
    html = page(
        "<p>Story.</p>",
        head='<link rel="Canonical" href="/politik/a-1">' + meta("og:url", "https://m.example/a"),
    )
    doc = parse(html, URL)
    content.prune(doc.soup)
    assert metadata.canonical_url(doc) == "https://www.example-news.de/politik/a-1"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(head=meta("og:image", "/img/lead.jpg")), "https://www.example-news.de/img/lead.jpg"),
        (
            page(head=meta("twitter:image", "https://cdn.example/t.jpg", "name")),
            "https://cdn.example/t.jpg",
        ),
        (
            page(
                ld=headline(
                    "x", image={"@type": "ImageObject", "url": "https://cdn.example/ld.jpg"}
                )
            ),
            "https://cdn.example/ld.jpg",
        ),
        (
            page(
                ld=headline("x", image=["https://cdn.example/1.jpg", "https://cdn.example/2.jpg"])
            ),
            "https://cdn.example/1.jpg",
        ),
        (page(head=meta("og:image", "mailto:x@example.org")), None),
        (
            page(
                head=meta("og:image", "mailto:x@example.org"),
                ld=headline("x", image="https://cdn.example/ld.jpg"),
            ),
            "https://cdn.example/ld.jpg",
        ),
        (page(), None),
    ],
)
def test_lead_image(html: str, expected: str | None) -> None:
    assert metadata.lead_image(parse(html, URL)) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # One tag per article:tag, commas kept; duplicates differing in case dropped.
        (
            page(
                head=meta("article:tag", "Health, Care")
                + meta("article:tag", "Politics")
                + meta("article:tag", "politics")
            ),
            ("Health, Care", "Politics"),
        ),
        # A keywords list split on commas, entities decoded, blanks dropped.
        (
            page(head=meta("keywords", "Fish &amp; chips, Harbour,, Hamburg ", "name")),
            ("Fish & chips", "Harbour", "Hamburg"),
        ),
        # JSON-LD keywords as a list or a string.
        (page(ld=headline("x", keywords=["Harbour", "Hamburg"])), ("Harbour", "Hamburg")),
        (page(ld=headline("x", keywords="Harbour, Hamburg")), ("Harbour", "Hamburg")),
        (page(), ()),
    ],
)
def test_tags(html: str, expected: tuple[str, ...]) -> None:
    assert metadata.tags(parse(html, URL)) == expected
