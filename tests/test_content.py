"""Finding the story: the body keeps every paragraph of it and none of the page's chrome."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressclip.errors import ContentError, NoArticleError
from pressclip.extract import extract
from story import STORY, STORY_HTML, TITLE, URL

P = [f"<p>{text}</p>" for text in STORY]
NAV = '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
FOOTER = "<footer><p>Copyright 2024 Example Media Group. All rights reserved.</p></footer>"
RELATED = (
    '<div class="related-articles"><h3>Related</h3><ul>'
    '<li><a href="/a">Mayor opens the new bridge over the river</a></li>'
    '<li><a href="/b">Tram fares to rise next year, says operator</a></li></ul></div>'
)
AD = '<div class="ad-slot"><p>Advertisement</p></div>'
CLUTTER = {
    "nav": (NAV, "Sport"),
    "footer": (FOOTER, "Copyright"),
    "aside": (
        "<aside><h3>In brief</h3><p>The weather service expects sunny spells tomorrow "
        "across the whole region, with light winds.</p></aside>",
        "sunny spells",
    ),
    "share-bar": (
        '<div class="share-bar"><a href="https://facebook.com/sharer">Share on Facebook</a> '
        '<a href="https://twitter.com/intent/tweet">Post on X</a> '
        "<span>Email this story</span></div>",
        "Email this story",
    ),
    "comments": (
        '<section id="comments"><h2>Comments</h2><div class="comment"><p>Great article, '
        "thank you for writing about this subject, it matters a lot for our town.</p></div>"
        "</section>",
        "Great article",
    ),
    "related": (RELATED, "new bridge"),
    "newsletter": (
        '<div class="newsletter-signup"><p>Sign up for our morning briefing and get the top '
        "stories in your inbox every day.</p><button>Subscribe</button></div>",
        "morning briefing",
    ),
    "cookie-banner": (
        '<div class="cookie-banner"><p>We use cookies to improve your experience on our '
        "website and to show you relevant advertising.</p><button>Accept</button></div>",
        "cookies",
    ),
}
APP_SHELL = (
    '<html><head><title>News</title><script src="/static/app.js"></script></head>'
    '<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.'
    "</noscript></body></html>"
)


def page(body: str, title: str = "Council approves transit plan", head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def assert_whole_story(text: str) -> None:
    missing = [paragraph[:40] for paragraph in STORY if paragraph not in text]
    assert not missing, f"story paragraphs lost: {missing}"


@pytest.mark.parametrize(("fragment", "marker"), CLUTTER.values(), ids=CLUTTER.keys())
@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("<article>{story1}{clutter}{story2}</article>", id="inside-article"),
        pytest.param("{clutter}<article>{story1}{story2}</article>", id="before-article"),
        pytest.param(
            '<div class="main"><div class="story-body">{story1}{story2}</div>{clutter}</div>',
            id="beside-story-div",
        ),
    ],
)
def test_chrome_is_not_in_the_text(layout: str, fragment: str, marker: str) -> None:
    body = layout.format(story1="".join(P[:3]), clutter=fragment, story2="".join(P[3:]))
    article = extract(page(body), URL)
    assert marker not in article.text
    assert marker not in article.markdown
    assert_whole_story(article.text)


def test_long_comment_thread_does_not_replace_the_story() -> None:
    comments = "".join(
        f'<div class="comment"><p>{text.replace("the", "a")}</p></div>' for text in STORY[:3]
    )
    body = (
        f'<div class="story-body">{STORY_HTML}</div><section class="comments">{comments}</section>'
    )
    article = extract(page(body), URL)
    assert_whole_story(article.text)
    assert "a city council" not in article.text


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            f"<article><section><h2>Part one</h2>{P[0]}{P[1]}</section>{AD}"
            f"<section><h2>Part two</h2>{P[2]}{P[3]}</section>{RELATED}"
            f"<section><h2>Part three</h2>{P[4]}</section></article>",
            id="article-sections",
        ),
        pytest.param(
            f'<div id="main"><div class="text-block">{P[0]}</div>{AD}'
            f'<div class="text-block">{P[1]}{P[2]}</div><div class="text-block">{P[3]}</div>'
            f'{RELATED}<div class="text-block">{P[4]}</div></div>',
            id="named-divs",
        ),
        pytest.param(
            f"<div><div>{P[0]}{P[1]}</div><div>{P[2]}</div>{RELATED}<div>{P[3]}{P[4]}</div></div>",
            id="bare-divs",
        ),
        pytest.param(
            '<div class="wrap">' + "".join(f"<section>{p}</section>" for p in P) + "</div>",
            id="one-paragraph-per-section",
        ),
    ],
)
def test_story_split_in_sibling_sections_is_kept_whole(body: str) -> None:
    article = extract(page(f"<header>{NAV}</header>{body}{FOOTER}"), URL)
    assert_whole_story(article.text)
    assert "new bridge" not in article.text
    assert "Advertisement" not in article.text
    assert [line for line in article.text.split("\n\n") if line in STORY] == list(STORY)


@pytest.mark.parametrize(
    "wrapper", ["has-sidebar", "sidebar-grid", "layout--with-comments", "promo-wrap", "l-social"]
)
@pytest.mark.parametrize("tag", ["article", "div"])
def test_story_inside_a_clutter_named_wrapper_is_found(wrapper: str, tag: str) -> None:
    sidebar = (
        '<div class="sidebar"><ul><li><a href="/a">Most read: mayor opens bridge</a></li>'
        '<li><a href="/b">Most read: fares rise</a></li></ul></div>'
    )
    body = f'<div class="{wrapper}"><{tag}>{STORY_HTML}</{tag}>{sidebar}</div>'
    article = extract(page(body), URL)
    assert_whole_story(article.text)
    assert "Most read" not in article.text


def test_aspnet_form_wrapping_the_page_keeps_the_story() -> None:
    body = (
        '<form id="aspnetForm" method="post" action="/default.aspx">'
        '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">'
        f'<div id="header">{NAV}</div><div class="article">{STORY_HTML}</div>'
        '<input type="submit" value="Search"></form>'
    )
    article = extract(page(body), URL)
    assert_whole_story(article.text)
    assert "Sport" not in article.text


@pytest.mark.parametrize("hidden", ["hidden", 'style="display: none"'])
def test_hidden_block_holding_the_story_is_kept(hidden: str) -> None:
    # React streaming renders the story into a hidden <div> that a script then reveals.
    body = (
        '<div id="root"><div class="spinner">Loading</div></div>'
        f'<div {hidden} id="S:0"><article>{STORY_HTML}</article></div>'
        "<script>$RC('B:0', 'S:0')</script>"
    )
    article = extract(page(body), URL)
    assert_whole_story(article.text)


@pytest.mark.parametrize("hidden", ["hidden", 'style="display:none"', 'style="visibility: hidden"'])
@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("{menu}<article>{story1}{story2}</article>", id="before-article"),
        pytest.param("<article>{story1}{menu}{story2}</article>", id="inside-article"),
    ],
)
def test_hidden_small_block_is_dropped(layout: str, hidden: str) -> None:
    menu = (
        f'<div {hidden}><ul><li><a href="/world">World</a></li>'
        '<li><a href="/business">Business</a></li></ul><p>The best of our journalism, every '
        "morning, delivered to your phone.</p></div>"
    )
    body = layout.format(menu=menu, story1="".join(P[:3]), story2="".join(P[3:]))
    article = extract(page(body), URL)
    assert_whole_story(article.text)
    assert "Business" not in article.text
    assert "delivered to your phone" not in article.text


def test_script_only_page_says_it_needs_javascript() -> None:
    with pytest.raises(NoArticleError, match="JavaScript") as caught:
        extract(APP_SHELL, URL)
    assert caught.value.url == URL


def test_script_only_page_with_json_ld_body_uses_it() -> None:
    body = " ".join(STORY)
    data = json.dumps({"@type": "NewsArticle", "articleBody": body})
    script = f'<script type="application/ld+json">{data}</script>'
    article = extract(APP_SHELL.replace("</head>", f"{script}</head>"), URL)
    assert article.text == body


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("", id="empty-string"),
        pytest.param(b"", id="empty-bytes"),
        pytest.param(
            "<html><head><title>Nothing</title></head><body></body></html>", id="empty-body"
        ),
        pytest.param(page("<div><span> </span></div>"), id="blank-elements"),
        pytest.param(page(f"<header>{NAV}</header>{FOOTER}"), id="chrome-only"),
    ],
)
def test_page_without_text_raises_no_article(html: str | bytes) -> None:
    with pytest.raises(NoArticleError, match="no article content found"):
        extract(html, URL)


TAGS = ("p", "div", "section", "article", "a", "img", "figure", "figcaption", "table", "td")
TAGS += ("ul", "li", "pre", "em", "br", "h2", "nav", "form", "picture", "source", "span")
ATTRIBUTES = ("", 'class="caption"', 'src="/a.jpg"', 'srcset="/a.jpg 1x"', "hidden")
ATTRIBUTES += ('colspan="2"', 'href="/x"', 'class="share"', 'class="article-body"')


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attributes, inner: f"<{tag} {attributes}>{''.join(inner)}</{tag}>",
        st.sampled_from(TAGS),
        st.sampled_from(ATTRIBUTES),
        st.lists(children, max_size=4),
    )


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.text(max_size=40), element, max_leaves=20))
def test_any_markup_gives_an_article_or_a_content_error(html: str) -> None:
    try:
        article = extract(page(html), URL)
    except ContentError:
        return
    assert article.text.strip()


def test_ideographic_commas_count_like_latin_ones() -> None:
    """A CJK paragraph earns the same points for its commas as a Latin one."""
    from bs4 import BeautifulSoup

    from pressclip.extract import content

    latin = "Alpha, beta, gamma, delta and epsilon went to the market on Sunday morning."
    cjk = "気象庁は13日、午後9時19分ごろ、日向灘で震度5弱の地震があったと、発表した。"
    scores = []
    for text in (latin, cjk):
        soup = BeautifulSoup(f"<body><div><p>{text}</p></div></body>", "lxml")
        found = content._score_candidates(soup.body, skip_unlikely=True)
        scores.append(found.raw[id(soup.div)])
    assert scores[0] == scores[1]


def test_layout_words_do_not_rescue_a_comment_list() -> None:
    """A comments block named with grid words ("column") is still a comments block."""
    long_comment = " ".join(STORY).replace("the", "a")  # one reader's long reply
    comments = "".join(
        f'<li class="member column"><div class="message"><p>{long_comment}</p></div></li>'
        for _ in range(3)
    )
    body = (
        f'<div class="story column"><div class="corpus">{"".join(P[:2])}</div></div>'
        f'<div class="community column"><ul class="comments-list columns">{comments}</ul></div>'
    )
    article = extract(page(body), URL)
    assert all(paragraph in article.text for paragraph in STORY[:2])
    assert "a city council" not in article.text


def test_a_list_of_teaser_articles_does_not_outweigh_the_story() -> None:
    """Three or more sibling <article>s are other stories, however long their excerpts."""
    teaser = " ".join(STORY).replace("council", "committee")  # a long excerpt of another story
    teasers = "".join(
        f"<article><h3>Other story {n}</h3><p>{teaser}</p></article>" for n in range(6)
    )
    body = (
        f"<div><article><h1>Council approves transit plan</h1>{P[0]}{P[1]}</article>"
        f"<article>{teasers}</article></div>"
    )
    article = extract(page(body), URL)
    assert STORY[0] in article.text
    assert "committee" not in article.text


def test_two_sibling_articles_are_not_a_teaser_list() -> None:
    """A story split over two <article> siblings (header, body) keeps its paragraphs."""
    body = f"<div><article>{''.join(P[:1])}</article><article>{''.join(P[1:])}</article></div>"
    assert_whole_story(extract(page(body), URL).text)


def test_table_rows_named_like_clutter_stay_in_a_kept_table() -> None:
    """Row classes such as "player-123" (a standings table) do not make rows clutter."""
    rows = "".join(
        f'<tr class="player-{n}"><td>{n}</td><td>Driver {n}</td><td>{5000 - n}</td></tr>'
        for n in range(1, 6)
    )
    table = f"<table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>{rows}</table>"
    article = extract(page(f"<article>{''.join(P[:3])}{table}{''.join(P[3:])}</article>"), URL)
    assert_whole_story(article.text)
    assert all(f"Driver {n}" in article.text for n in range(1, 6))


@pytest.mark.parametrize("name", ["hidden", "d-none", "sr-only", "screen-reader-text"])
def test_block_hidden_by_a_framework_class_is_dropped(name: str) -> None:
    """Bootstrap/Tailwind/WordPress classes that hide a block: a subscribers-only pitch."""
    pitch = (
        f'<div class="intro-body {name}"><ul><li>Unlimited digital access to the daily '
        "edition, with analysis from our award-winning columnists.</li><li>Exclusive articles "
        "and newsletters, plus events, puzzles and the e-paper every morning.</li></ul></div>"
    )
    article = extract(page(f"<article>{''.join(P[:3])}{pitch}{''.join(P[3:])}</article>"), URL)
    assert_whole_story(article.text)
    assert "Unlimited digital access" not in article.text


def test_next_story_appended_by_endless_scroll_is_left_out() -> None:
    """Two <article>s with their own <h1>: the story is the one headed by the page's title."""
    other = [p.replace("council", "committee") for p in P] * 2  # a longer story after ours
    body = (
        f"<main><article><h1>Council approves transit plan</h1>{''.join(P[:3])}</article>"
        f"<article><h1>Zoo welcomes two panda cubs</h1>{''.join(other)}</article></main>"
    )
    article = extract(page(body), URL)
    assert all(paragraph in article.text for paragraph in STORY[:3])
    assert "committee" not in article.text


LEAD = (
    "The plan adds three bus lines and extends the tram network to the northern suburbs, "
    "at a cost of 240 million euros."
)


def lead_page(header: str, description: str = LEAD) -> str:
    head = f'<meta name="description" content="{description}">'
    story = f"<div class='body'>{STORY_HTML}</div>"
    body = f"<article><header><h1>{TITLE}</h1>{header}</header>{story}</article>"
    return page(body, head=head)


def test_standfirst_paragraph_before_the_story_is_its_lead() -> None:
    text = extract(lead_page(f'<p class="standfirst">{LEAD}</p>'), URL).text
    assert text.startswith(LEAD + "\n\n" + STORY[0])


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(f"<h2>{LEAD}</h2>", id="dek-heading"),
        pytest.param(
            f'<figure><img src="/a.jpg"><figcaption>{LEAD}</figcaption></figure>', id="caption"
        ),
        pytest.param(f"<p>{LEAD[:60]}</p>", id="other-text"),
    ],
)
def test_header_text_that_is_no_standfirst_paragraph_stays_out(header: str) -> None:
    assert extract(lead_page(header), URL).text.startswith(STORY[0])


def test_lead_already_in_the_story_is_not_repeated() -> None:
    html = page(
        f"<article><h1>{TITLE}</h1><p>{LEAD}</p>{STORY_HTML}</article>",
        head=(f'<meta name="description" content="{LEAD}">'),
    )
    assert extract(html, URL).text.count(LEAD) == 1


@pytest.mark.parametrize("classes", ["hidden lg:block", "hidden md:flex", "d-none d-md-block"])
def test_block_hidden_only_on_small_screens_is_kept(classes: str) -> None:
    """Tailwind and Bootstrap show such a block from a screen width on: desktop readers see it."""
    body = f'<div class="{classes}"><article>{STORY_HTML}</article></div>'
    assert_whole_story(extract(page(body), URL).text)
