"""``dates``: parsing date strings, and which of a page's dates is its publication date."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressclip.extract.dates import Stamp, _strings, find_dates, parse_date
from pressclip.extract.document import parse

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
URL = "https://news.example.com/politics/harbour-reopens"
TITLE = "Harbour reopens after the storm"


# ------------------------------------------------------------------ parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601 and its relatives
        ("2024-05-01", Stamp(date(2024, 5, 1))),
        ("2024-05-01T10:20:30Z", Stamp(date(2024, 5, 1), "10:20:30", "+00:00")),
        ("2024-05-01T10:20:30.123+0200", Stamp(date(2024, 5, 1), "10:20:30", "+02:00")),
        ("2024-05-01 10:20", Stamp(date(2024, 5, 1), "10:20:00")),
        ("Sat, 19 Oct 2019 00:04:00 +0200", Stamp(date(2019, 10, 19), "00:04:00", "+02:00")),
        ("Thu, 09 Nov 2023 10:34:50 GMT", Stamp(date(2023, 11, 9), "10:34:50", "+00:00")),
        # named months, many languages, times beside them
        ("19. Oktober 2019 00:04 Uhr", Stamp(date(2019, 10, 19), "00:04:00")),
        ("November 8, 2023 at 6:09 p.m.", Stamp(date(2023, 11, 8), "18:09:00")),
        ("Updated Mar 12, 2020 @ 10:42 am", Stamp(date(2020, 3, 12), "10:42:00")),
        ("Mär 12, 2018 um 12:30 PDT", Stamp(date(2018, 3, 12), "12:30:00", "-07:00")),
        ("15 March 2021, 14:30 CET", Stamp(date(2021, 3, 15), "14:30:00", "+01:00")),
        ("/ martes 17 de marzo de 2020", Stamp(date(2020, 3, 17))),
        ("Domenica 06 Dicembre 2020 | 00:36", Stamp(date(2020, 12, 6), "00:36:00")),
        ("21. Jan 2022 // Dominik Ricker", Stamp(date(2022, 1, 21))),
        ("the 3rd of May 2021", Stamp(date(2021, 5, 3))),
        ("07 أكتوبر 2020", Stamp(date(2020, 10, 7))),
        ("2019年06月24日", Stamp(date(2019, 6, 24))),
        ("2023년 11월 2일", Stamp(date(2023, 11, 2))),
        # numeric, day first unless the order is evident
        ("05.04.2025", Stamp(date(2025, 4, 5))),
        ("4/25/2024", Stamp(date(2024, 4, 25))),
        ("25/4/2024", Stamp(date(2024, 4, 25))),
        ("2023.11.02", Stamp(date(2023, 11, 2))),
        ("2020/04/17 01:43:09", Stamp(date(2020, 4, 17), "01:43:09")),
        ("٠٧/١٠/٢٠٢٠", Stamp(date(2020, 10, 7))),
        ("Do 25.04.24 | 14:07 Uhr", Stamp(date(2024, 4, 25), "14:07:00")),
        # a second date is not a time
        ("05.04.2025 - Güncelleme : 05.04.2025", Stamp(date(2025, 4, 5))),
    ],
)
def test_parse_date(text: str, expected: Stamp) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello world", "2017", "2017/01", "Version 1.2.3", "31.02.2020", "1988 Mar"],
)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


def test_stamp_iso_keeps_what_is_known() -> None:
    assert Stamp(date(2024, 5, 1)).iso() == "2024-05-01"
    assert Stamp(date(2024, 5, 1), "10:20:00").iso() == "2024-05-01T10:20:00"
    assert Stamp(date(2024, 5, 1), "10:20:00", "-04:00").iso() == "2024-05-01T10:20:00-04:00"


# ------------------------------------------------------------------ find_dates


def page(body: str = "", head: str = "", ld: Any = None) -> str:
    """A page titled ``TITLE``; ``ld`` is serialised into a JSON-LD script."""
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head><title>{TITLE}</title>{head}{script}</head><body>{body}</body></html>"


def meta(key: str, content: str) -> str:
    return f'<meta property="{key}" content="{content}">'


def article(published: str, **extra: Any) -> dict[str, Any]:
    return {"@type": "NewsArticle", "headline": TITLE, "datePublished": published, **extra}


def story(before: str = "", after: str = "") -> str:
    """An article: something above the headline, the headline, a paragraph, something after."""
    return f"<article>{before}<h1>{TITLE}</h1><p>The harbour reopened.</p>{after}</article>"


def filler(count: int) -> str:
    return "".join(f"<p>Paragraph {n} of the story.</p>" for n in range(count))


def published(html: str, url: str | None = URL) -> str | None:
    return find_dates(parse(html, url), now=NOW)[0]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD beats <meta>, which beats what is shown
        (
            page(
                story(after='<time datetime="2020-03-03">3 March 2020</time>'),
                meta("article:published_time", "2020-02-02T10:00:00+01:00"),
                article("2020-01-01T09:00:00+01:00"),
            ),
            "2020-01-01T09:00:00+01:00",
        ),
        (
            page(
                story(after='<time datetime="2020-03-03">3 March 2020</time>'),
                meta("article:published_time", "2020-02-02T10:00:00+01:00"),
            ),
            "2020-02-02T10:00:00+01:00",
        ),
        # the same day in a later source adds the time
        (
            page(
                story(after='<p class="date">8 May 2023, 14:05</p>'),
                '<meta name="date" content="2023-05-08">',
            ),
            "2023-05-08T14:05:00",
        ),
        # microdata, and the time element's own datetime
        (
            page(story(after='<time itemprop="datePublished" datetime="2021-06-01T08:00:00Z">')),
            "2021-06-01T08:00:00+00:00",
        ),
        # the page's JSON state
        (
            page(
                story()
                + '<script type="application/json">'
                + json.dumps({"props": {"article": {"publishedAt": "2022-01-31T14:27:32+01:00"}}})
                + "</script>"
            ),
            "2022-01-31T14:27:32+01:00",
        ),
    ],
)
def test_source_order(html: str, expected: str | None) -> None:
    assert published(html) == expected


def test_meta_names_are_matched_without_separators() -> None:
    html = page(story(), meta("article:published:time", "2024-10-23T15:48:15+02:00"))
    assert published(html) == "2024-10-23T15:48:15+02:00"


def test_url_date_when_nothing_else() -> None:
    html = page(story())
    assert published(html, "https://news.example.com/2021/03/04/harbour") == "2021-03-04"
    assert published(html, "https://news.example.com/meldungen/29-10-2021") == "2021-10-29"
    assert published(html, "https://news.example.com/harbour") is None


def test_related_and_sidebar_dates_are_ignored() -> None:
    related = (
        '<aside class="related"><article>'
        '<time itemprop="datePublished" datetime="2019-01-01">1 January 2019</time>'
        "<a href='/other'>Another story</a></article></aside>"
    )
    html = page(
        related
        + filler(20)
        + story(after='<time itemprop="datePublished" datetime="2020-05-05">5 May 2020</time>')
    )
    assert published(html) == "2020-05-05"


def test_comment_dates_are_not_a_fallback() -> None:
    comments = '<div id="comments"><p class="comment-meta">8. Dezember 2010 um 10:56</p></div>'
    assert published(page(story() + filler(5) + comments), None) is None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # the nearest dated line after the headline, not the related list further down
        (
            page(
                story(after='<span class="byline-date">12.01.2017</span>')
                + filler(30)
                + '<ul class="related"><li><span class="date">03.03.2016</span></li></ul>'
            ),
            "2017-01-12",
        ),
        # a date above the headline
        (
            page(story(before='<span class="headline-date">02. November 2021</span>')),
            "2021-11-02",
        ),
        # a date alone on its line, without a telling class
        (page(story(after="<div><span>02.12.19</span></div>")), "2019-12-02"),
        # day, month and year in separate elements
        (
            page(
                story(
                    after='<div class="date"><span>Apr</span> <span>04</span>'
                    "<span>2013</span></div>"
                )
            ),
            "2013-04-04",
        ),
        # a "Published" label wins over "Updated", wherever they stand
        (
            page(
                story(
                    after="<p>Updated: 12.03.2020</p>" + filler(3) + "<p>Published: 10.03.2020</p>"
                )
            ),
            "2020-03-10",
        ),
        (
            page(story(after="<dl><dt>Datum</dt> <dd>12.01.2017</dd></dl>")),
            "2017-01-12",
        ),
        # a date starting a paragraph, when nothing else is dated
        (
            page(
                story(
                    after="<p>27.1.2022 - Bei der Erinnerung an die Verfolgten "
                    + "x" * 200
                    + "</p>"
                )
            ),
            "2022-01-27",
        ),
    ],
)
def test_shown_dates(html: str, expected: str) -> None:
    assert published(html, None) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # digits of another script still make a date line
        (page(story(after='<span class="date">٠٧/١٠/٢٠٢٠</span>')), "2020-10-07"),
        # a short year, where no four-digit year is written
        (
            page(story(after='<span class="date">Do 25.04.24 | 14:07 Uhr</span>')),
            "2024-04-25T14:07:00",
        ),
        # a date line behind an HTML comment, and white-space-only strings around it
        (page(story(after="<!-- 01.01.2001 -->\n  <p>\n</p><p>Am 05.06.2022</p>")), "2022-06-05"),
    ],
)
def test_shown_date_lines(html: str, expected: str) -> None:
    assert published(html, None) == expected


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_strings_are_what_bs4_finds(limit: int) -> None:
    """The plain walk over strings finds what ``find_all_next(string=True)`` does."""
    doc = parse(
        "<html><head><title>T</title><script>var a;</script></head><body><h1>Head</h1>"
        "<!-- c --><p>a<b></b>b</p>\n<pre>  </pre><![CDATA[x]]><p>c</p></body></html>"
    )
    start = doc.named("h1")[0]
    assert _strings(start.next_elements, limit) == start.find_all_next(string=True, limit=limit)
    assert _strings(start.previous_elements, limit) == start.find_all_previous(
        string=True, limit=limit
    )


def test_headline_is_the_heading_the_title_names() -> None:
    html = (
        f"<html><head><title>{TITLE} | Example News</title></head><body>"
        '<h1>Example News</h1><nav><span class="date">01.01.2020</span></nav>'
        + filler(5)
        + f'<h2>{TITLE}</h2><p class="date">07.07.2021</p></body></html>'
    )
    assert published(html, None) == "2021-07-07"


# ------------------------------------------------------------------ plausibility


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (page(story(), ld=article("2099-01-01")), URL + "/2020/05/05/", "2020-05-05"),
        (
            page(story(), meta("article:published_time", "1970-01-01"), article("2023-04-05")),
            URL,
            "2023-04-05",
        ),
        (
            page(story(after='<p class="date">01.01.1985</p>'), ld=article("2022-02-02")),
            URL,
            "2022-02-02",
        ),
        # nothing else: the implausible date is still given
        (page(story(), ld=article("2099-01-01")), URL, "2099-01-01"),
    ],
)
def test_future_and_ancient_dates_lose_to_anything_else(html: str, url: str, expected: str) -> None:
    assert published(html, url) == expected


# ------------------------------------------------------------------ offsets


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        # the same instant written in local time (with the same minutes) reveals the offset
        (
            page(
                story(after="<time>November 8, 2023 at 6:09 p.m.</time>"),
                ld=article("2023-11-09T01:09:55Z"),
            ),
            URL,
            "2023-11-08T18:09:55-07:00",
        ),
        (
            page(
                story(),
                '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">',
                article("2019-10-18T22:04:00Z"),
            ),
            URL,
            "2019-10-19T00:04:00+02:00",
        ),
        # a local time without offset gets one from the UTC stamp of the same instant
        (
            page(
                story(),
                meta("sailthru.date", "2023-11-08 22:28:35"),
                article("2023-11-09T03:28:35Z"),
            ),
            URL,
            "2023-11-08T22:28:35-05:00",
        ),
        # a local time that merely shows UTC reveals nothing
        (
            page(
                story(after='<p class="date">12.02.2025 07:25</p>'),
                meta("article:modified_time", "2025-02-12T07:25:30+00:00"),
                article("2025-02-11T23:55:00+00:00"),
            ),
            URL + "/2025/02/11/",
            "2025-02-11T23:55:00+00:00",
        ),
        # with no offset known, the URL's day is the reader's day
        (
            page(story(), ld=article("2020-02-25T02:25:54Z")),
            "https://pages.example.com/2020/02/24/dee-dee-myers/",
            "2020-02-24",
        ),
        (
            page(story(), ld=article("2018-12-31T23:11:59+00:00")),
            "https://blog.example.com/2019/01/01/ins-neue-jahr/",
            "2019-01-01",
        ),
        # a UTC stamp the URL agrees with stays as it is
        (
            page(story(), ld=article("2020-02-25T02:25:54Z")),
            "https://pages.example.com/2020/02/25/dee-dee-myers/",
            "2020-02-25T02:25:54+00:00",
        ),
    ],
)
def test_local_offset_preferred(html: str, url: str, expected: str) -> None:
    assert published(html, url) == expected


# ------------------------------------------------------------------ modified


def test_modified_date() -> None:
    html = page(
        story(),
        meta("article:modified_time", "2020-01-06T09:22:36+01:00"),
        article("2020-01-03T09:48:24+01:00"),
    )
    assert find_dates(parse(html, URL), now=NOW) == (
        "2020-01-03T09:48:24+01:00",
        "2020-01-06T09:22:36+01:00",
    )


def test_modified_before_published_is_dropped() -> None:
    html = page(story(), meta("article:modified_time", "2019-01-01"), article("2020-01-03"))
    assert find_dates(parse(html, URL), now=NOW) == ("2020-01-03", None)


# ------------------------------------------------------------------ robustness

FRAGMENTS = [
    "2020-01-01T24:30:00",
    "10:00 +99:99",
    "GMT+25",
    "31.02.2020",
    "Mär",
    "12",
    "2019",
    "-",
    "/",
    " ",
    "p.m.",
    "T",
    "Z",
    "٢٠٢٠",
    "年",
    "Uhr",
    "+0200",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=8))
def test_parse_date_never_raises(parts: list[str]) -> None:
    stamp = parse_date("".join(parts))
    if stamp is not None:
        assert stamp.iso().startswith(stamp.day.isoformat())
        stamp.naive()
        stamp.moment()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=6), st.sampled_from(["time", "p", "span"]))
def test_find_dates_never_raises(parts: list[str], tag: str) -> None:
    text = "".join(parts)
    html = page(
        story(after=f'<{tag} class="date">{text}</{tag}>'),
        meta("article:published_time", text),
        article(text),
    )
    find_dates(parse(html, URL + "/" + text), now=NOW)


def test_modified_equal_to_published_is_not_reported() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2016-09-11T09:12:43+00:00">'
        '<meta property="article:modified_time" content="2016-09-11T09:12:43+00:00"></head>'
        "<body><p>Text</p></body></html>"
    )
    assert find_dates(parse(html)) == ("2016-09-11T09:12:43+00:00", None)
