"""Body to Markdown and text: structure survives, literal text renders as written, noise goes."""

from __future__ import annotations

import re

import pytest

from pressclip.extract import extract
from pressclip.model import Article
from story import STORY, TITLE, URL

BACKTICKS = re.compile(r"`+")
# Markdown syntax that must never reach the plain text.
MARKDOWN_SYNTAX = re.compile(r"^#+ |^> |^- |^\d+\. |\*\*|\]\(|```|^\|.*\|$|\\$", re.M)


def page(fragment: str = "", *, top: str = "", head: str = "") -> str:
    """A news page whose story has ``top`` before its first paragraph and ``fragment`` mid-way."""
    first = "".join(f"<p>{text}</p>" for text in STORY[:3])
    rest = "".join(f"<p>{text}</p>" for text in STORY[3:])
    return (
        f"<html><head><title>{TITLE}</title>{head}</head><body>"
        f"<article>{top}{first}{fragment}{rest}</article></body></html>"
    )


def added(markdown_or_text: str) -> str:
    """The output without the story's own paragraphs: what the fragment became."""
    blocks = markdown_or_text.split("\n\n")
    return "\n\n".join(block for block in blocks if block not in STORY)


def code_spans(markdown: str) -> list[str]:
    """What CommonMark shows as code in ``markdown`` (a line without backslash escapes)."""
    runs = list(BACKTICKS.finditer(markdown))
    spans, index = [], 0
    while index < len(runs):
        opening = runs[index].group()
        closing = next((j for j in range(index + 1, len(runs)) if runs[j].group() == opening), None)
        if closing is None:
            index += 1
            continue
        content = markdown[runs[index].end() : runs[closing].start()]
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]
        spans.append(content)
        index = closing + 1
    return spans


def convert(fragment: str = "", **where: str) -> Article:
    return extract(page(fragment, **where), URL)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<h2>Reaction</h2><p>Mixed.</p><h4>In the suburbs</h4><p>Warm.</p>",
            "## Reaction\n\nMixed.\n\n### In the suburbs\n\nWarm.",
            id="h2-h4-no-gap",
        ),
        pytest.param(
            "<h3>Reaction</h3><p>Mixed.</p><h5>Detail</h5><p>Warm.</p>",
            "## Reaction\n\nMixed.\n\n### Detail\n\nWarm.",
            id="h3-h5-start-at-two",
        ),
        pytest.param(
            "<h1>Live updates</h1><p>Mixed.</p><h2>Earlier</h2><p>Warm.</p>",
            "## Live updates\n\nMixed.\n\n### Earlier\n\nWarm.",
            id="second-h1-below-title",
        ),
        pytest.param(
            '<h2>What <a href="/plan">the plan</a> <em>says</em></h2>',
            "## What [the plan](https://example.com/plan) *says*",
            id="inline-in-heading",
        ),
        pytest.param(
            "<ul><li><h3>Heading in a list</h3></li></ul>",
            "- **Heading in a list**",
            id="nested-heading-bold",
        ),
    ],
)
def test_headings(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    "top",
    [
        f"<h1>{TITLE}</h1>",
        "<header><h1> Council approves\n transit <em>plan</em></h1></header>",
        "<h1>COUNCIL APPROVES TRANSIT PLAN</h1>",
    ],
)
def test_headline_equal_to_title_is_not_repeated(top: str) -> None:
    article = convert(top=top)
    assert "transit plan" not in added(article.markdown).lower()
    assert article.markdown.startswith(STORY[0])


@pytest.mark.parametrize(
    "top",
    [
        pytest.param(f"<h1>Vote in the north: {TITLE}</h1>", id="h1-kicker-and-title"),
        pytest.param(f"<h2>Premiere – {TITLE}</h2>", id="h2-kicker-dash-title"),
        pytest.param(
            f'<figure><img src="/tram.jpg"></figure><h3>Vote: <span>{TITLE}</span></h3>',
            id="after-the-lead-picture",
        ),
    ],
)
def test_headline_with_a_kicker_before_the_story_is_not_repeated(top: str) -> None:
    article = convert(top=top)
    assert "#" not in article.markdown
    assert article.text.startswith(STORY[0])


def test_headline_without_the_titles_kicker_is_not_repeated() -> None:
    title = f"Transit vote: {TITLE}"
    head = (
        f'<meta property="og:title" content="{title}"><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "{title}"}}</script>'
    )
    html = page(top=f"<h1>{TITLE}</h1>", head=head)
    article = extract(html.replace(f"<title>{TITLE}", f"<title>{title}"), URL)
    assert article.title == title
    assert article.markdown.startswith(STORY[0])


def test_subheading_that_holds_the_title_stays() -> None:
    article = convert(f"<h2>Why the {TITLE.lower()} matters</h2>")
    assert added(article.markdown) == f"## Why the {TITLE.lower()} matters"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<ul><li>Alpha</li><li>Beta<ul><li>Beta one</li><li>Beta two</li></ul></li></ul>",
            "- Alpha\n- Beta\n  - Beta one\n  - Beta two",
            id="nested-ul",
        ),
        pytest.param(
            '<ol start="3"><li>Third</li><li>Fourth<ol><li>Sub</li></ol></li></ol>',
            "3. Third\n4. Fourth\n   1. Sub",
            id="ol-start-nested",
        ),
        pytest.param(
            '<ol start="9"><li>Nine</li><li>Ten<ul><li>Under ten</li></ul></li></ol>',
            "9. Nine\n10. Ten\n    - Under ten",
            id="indent-follows-marker-width",
        ),
        pytest.param(
            "<ul><li>1. Already numbered</li><li># hashed</li></ul>",
            "- 1\\. Already numbered\n- \\# hashed",
            id="item-text-escaped",
        ),
        pytest.param(
            "<blockquote><p>We will build it.</p><p>And they will ride.</p></blockquote>",
            "> We will build it.\n>\n> And they will ride.",
            id="blockquote-paragraphs",
        ),
        pytest.param(
            "<blockquote><p>Our demands:</p><ul><li>cheaper fares</li></ul></blockquote>",
            "> Our demands:\n>\n> - cheaper fares",
            id="blockquote-list",
        ),
        pytest.param("<p>Before.</p><hr><p>After.</p>", "Before.\n\n* * *\n\nAfter.", id="hr"),
    ],
)
def test_lists_and_quotes(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


def test_list_item_paragraphs_stay_apart() -> None:
    markdown = convert("<ul><li><p>First para.</p><p>Second para.</p></li></ul>").markdown
    assert "First para.\n\n  Second para." in markdown


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            '<pre><code class="language-python">def f(x):\n    return x * 2\n\nprint(f(3))'
            "</code></pre>",
            "```python\ndef f(x):\n    return x * 2\n\nprint(f(3))\n```",
            id="language-on-code",
        ),
        pytest.param(
            '<pre class="lang-js">let a = 1;</pre>', "```js\nlet a = 1;\n```", id="lang-on-pre"
        ),
        pytest.param(
            "<pre>```\nfenced\n```</pre>",
            "````\n```\nfenced\n```\n````",
            id="longer-fence-around-fence",
        ),
        pytest.param(
            "<pre><code>a &lt; b &amp;&amp; *p</code></pre>",
            "```\na < b && *p\n```",
            id="code-not-escaped",
        ),
        pytest.param(
            "<p>Run <code>ls -l</code> then <code>a`b</code>.</p>",
            "Run `ls -l` then ``a`b``.",
            id="inline-code-with-backtick",
        ),
        pytest.param("<p>Press <kbd>Ctrl</kbd>.</p>", "Press `Ctrl`.", id="kbd"),
    ],
)
def test_code(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    "code",
    [
        "ls -l",
        "a`b",
        "x = `y` + 1",
        pytest.param("`ls`"),
        pytest.param("a``b"),
    ],
)
def test_inline_code_renders_as_written(code: str) -> None:
    markdown = added(convert(f"<p>Type <code>{code}</code> here.</p>").markdown)
    assert code_spans(markdown) == [code]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<p>This is<em> emphasised </em>text and<strong> strong</strong>, ok.</p>",
            "This is *emphasised* text and **strong**, ok.",
            id="spaces-moved-outside",
        ),
        pytest.param(
            "<p><b>Bold</b> and <i>italic</i> and <strong><em>both</em></strong>.</p>",
            "**Bold** and *italic* and ***both***.",
            id="b-i-nested",
        ),
        pytest.param("<p>Empty <em> </em>emphasis.</p>", "Empty emphasis.", id="blank-emphasis"),
        pytest.param(
            "<p>Line one<br>Line two<br/>Line three<br></p>",
            "Line one\\\nLine two\\\nLine three",
            id="br-hard-break",
        ),
        pytest.param(
            "<p>Line one<br># two<br>1. three</p>",
            "Line one\\\n\\# two\\\n1\\. three",
            id="br-then-line-start-escaped",
        ),
    ],
)
def test_inline_formatting(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    ("fragment", "head", "expected"),
    [
        pytest.param(
            '<p>See <a href="/other/page.html">the report</a>.</p>',
            "",
            "See [the report](https://example.com/other/page.html).",
            id="root-relative",
        ),
        pytest.param(
            '<p>See <a href="annex.pdf">the annex</a>.</p>',
            "",
            "See [the annex](https://example.com/news/2024/annex.pdf).",
            id="relative",
        ),
        pytest.param(
            '<p>See <a href="rel/page.html">the report</a>.</p>',
            '<base href="https://cdn.example.org/base/">',
            "See [the report](https://cdn.example.org/base/rel/page.html).",
            id="base-href",
        ),
        pytest.param(
            '<p>See <a href="https://x.org/a b(c)">this</a>.</p>',
            "",
            "See [this](https://x.org/a%20b%28c%29).",
            id="space-and-parentheses",
        ),
        pytest.param(
            '<p>Hello <a href="/x"> spaced link </a>end.</p>',
            "",
            "Hello [spaced link](https://example.com/x) end.",
            id="spaces-outside-brackets",
        ),
        pytest.param(
            '<p>Write to <a href="mailto:desk@example.com">the desk</a>.</p>',
            "",
            "Write to [the desk](mailto:desk@example.com).",
            id="mailto",
        ),
        pytest.param(
            '<p>Then <a href="javascript:void(0)">click here</a> or '
            '<a href="JavaScript:openMenu()">there</a>.</p>',
            "",
            "Then click here or there.",
            id="javascript-plain",
        ),
        pytest.param(
            '<p>An <a href="">empty</a>, an <a href="#top">anchor</a>, a <a>bare</a> link.</p>',
            "",
            "An empty, an anchor, a bare link.",
            id="no-target-plain",
        ),
    ],
)
def test_links(fragment: str, head: str, expected: str) -> None:
    assert added(convert(fragment, head=head).markdown) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<table><thead><tr><th>Line</th><th>Stops</th></tr></thead>"
            "<tbody><tr><td>A</td><td>12</td></tr><tr><td>B</td><td>9</td></tr></tbody></table>",
            "| Line | Stops |\n| --- | --- |\n| A | 12 |\n| B | 9 |",
            id="header-row",
        ),
        pytest.param(
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
            "| a | b |\n| --- | --- |\n| c |  |",
            id="ragged-rows-padded",
        ),
        pytest.param(
            "<table><tr><th>Option</th><th>Vote</th></tr>"
            "<tr><td>Yes | No</td><td><em>a|b</em></td></tr></table>",
            "| Option | Vote |\n| --- | --- |\n| Yes \\| No | *a\\|b* |",
            id="pipe-escaped",
        ),
        pytest.param(
            "<table><tr><td>Line<br>A</td><td>12</td></tr><tr><td>B</td><td>9</td></tr></table>",
            "| Line A | 12 |\n| --- | --- |\n| B | 9 |",
            id="br-in-cell",
        ),
    ],
)
def test_tables(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    "fragment",
    [
        "<table><tr><th colspan='2'>Budget</th></tr><tr><td>Trams</td><td>140m</td></tr>"
        "<tr><td>Buses</td><td>100m</td></tr></table>",
        "<table><tr><td rowspan='2'>Trams</td><td>140m</td></tr><tr><td>100m</td></tr></table>",
    ],
    ids=["colspan", "rowspan"],
)
def test_spanning_table_degrades_to_readable_rows(fragment: str) -> None:
    article = convert(fragment)
    table = added(article.markdown)
    assert "|" not in table
    assert "Trams" in table and "140m" in table
    assert "Trams 140m" in article.text


@pytest.mark.parametrize(
    ("html_text", "expected_md", "rendered"),
    [
        pytest.param("Prices rose 5*3 = 15", "Prices rose 5\\*3 = 15", "Prices rose 5*3 = 15"),
        pytest.param("**not bold**", "\\*\\*not bold\\*\\*", "**not bold**"),
        pytest.param("snake_case and __init__", "snake\\_case and \\_\\_init\\_\\_", None),
        pytest.param("see [1] and ![x]", "see \\[1\\] and !\\[x\\]", None),
        pytest.param("a &lt;b&gt; tag", "a \\<b> tag", "a <b> tag"),
        pytest.param("back\\slash and `tick`", "back\\\\slash and \\`tick\\`", None),
        pytest.param("# not a heading", "\\# not a heading", None),
        pytest.param("1. not a list", "1\\. not a list", None),
        pytest.param("2024) a year", "2024\\) a year", None),
        pytest.param("- not an item", "\\- not an item", None),
        pytest.param("+ not an item", "\\+ not an item", None),
        pytest.param("&gt; not a quote", "\\> not a quote", "> not a quote"),
        pytest.param("=====", "\\=====", None),
    ],
)
def test_literal_text_is_escaped(html_text: str, expected_md: str, rendered: str | None) -> None:
    article = convert(f"<p>{html_text}</p>")
    assert added(article.markdown) == expected_md
    assert added(article.text) == (rendered or html_text)


def test_literal_entity_text_is_escaped() -> None:
    """Text that reads like an entity must not render as one (CommonMark: ``\\&``)."""
    markdown = added(convert("<p>Type &amp;copy; for the sign.</p>").markdown)
    assert "Type \\&copy; for the sign." in markdown


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>Advertisement</p>",
        "<p>ADVERTISEMENT</p>",
        '<div class="ad"><p>Advertisement</p></div>',
        "<p>Anzeige</p>",
        "<p>Continue reading</p>",
        "<p>Share this article</p>",
        "<p>5 min read</p>",
        "<p>REKLAM</p>",
        "<p>Photograph: Scott Gilbertson</p>",
        "<p>Lesen Sie auch:</p>",
        "<p>関連記事</p>",
        "<p>Create an account or sign in to continue with your reading experience.</p>",
        "<p>THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY</p>",
        "<p>Caption</p><p>Close</p>",
        "<p>___</p>",
        "<p>Updated at 1:23 p.m.</p>",
        "<p>Article continues below</p>",
        "<p>Der Artikel geht unten weiter</p>",
    ],
)
def test_label_paragraphs_are_dropped(fragment: str) -> None:
    article = convert(fragment)
    assert added(article.markdown) == ""
    assert added(article.text) == ""


@pytest.mark.parametrize(
    "top",
    [
        "<p>By Jane Doe</p>",
        "<p>By Jane Doe and John Roe, Reuters</p>",
        "<p>Von Anna Schmidt</p>",
        "<p>May 5, 2024</p>",
        "<p>Updated 5 May 2024, 10:02</p>",
        "<p>By Jane Doe</p><p>Tuesday, 14 March 2023 at 09:30</p>",
        "<p>sexta-feira, 22 de outubro de 2010 às 20:13</p>",
        "<p>25/04/2026 Actualizado a las 15:10h.</p>",
        "<p>15.04.2026 - 15:48 Uhr</p><p>Lesedauer: 2 Min.</p>",
        "<p>Aktualisiert am 07.01.2026 - 18:50 UhrLesedauer: 4 Min.</p>",
    ],
)
def test_byline_and_date_line_at_the_top_are_dropped(top: str) -> None:
    article = convert(top=top)
    assert article.markdown.startswith(STORY[0])
    assert article.text.startswith(STORY[0])


REPEATED = STORY[1]
"""A sentence of the story that a pull quote repeats."""


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(f"<blockquote><p>{REPEATED}</p></blockquote>", id="short-blockquote"),
        pytest.param(
            f'<section class="pullquote"><p>{REPEATED}</p></section>', id="section-pullquote"
        ),
        pytest.param(f'<p class="pull-quote">“{REPEATED}”</p>', id="p-pull-quote"),
        pytest.param(f'<div class="quote-callout"><p>{REPEATED}</p></div>', id="div-quote-callout"),
        pytest.param(
            f'<figure class="wp-block-pullquote"><blockquote><p>{REPEATED}</p>'
            "<cite>Jane Roe, council member</cite></blockquote></figure>",
            id="wordpress-with-cite",
        ),
        pytest.param(
            f'<blockquote class="pull-quote"><p>“{REPEATED[:120]}…”</p>'
            '<p class="pull-quote__attribution">— Jane Roe, council member</p></blockquote>',
            id="trimmed-with-attribution",
        ),
    ],
)
@pytest.mark.parametrize("where", ["fragment", "top"])
def test_pull_quote_repeating_the_story_appears_once(quote: str, where: str) -> None:
    article = convert(**{where: quote})
    assert article.markdown.count(REPEATED[:100]) == 1
    assert article.text.count(REPEATED[:100]) == 1
    assert "Jane Roe" not in article.markdown
    assert ">" not in article.markdown


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(
            "<blockquote><p>We will not rest until every district has a tram stop.</p>"
            "</blockquote>",
            id="quote-of-its-own",
        ),
        pytest.param(
            f"<blockquote><p>{REPEATED}</p><p>{'And a long passage quoted whole. ' * 10}</p>"
            "</blockquote>",
            id="long-blockquote",
        ),
        pytest.param(
            f'<blockquote class="twitter-tweet"><p>{REPEATED}</p>— Ann '
            '<a href="https://twitter.com/ann/status/1">May 5</a></blockquote>',
            id="embedded-post",
        ),
        pytest.param(
            "<blockquote><p>Supporters said the plan would ease congestion.</p></blockquote>",
            id="a-few-words-in-common",
        ),
    ],
)
def test_other_quotes_stay(quote: str) -> None:
    article = convert(quote)
    assert added(article.markdown).startswith("> ")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param("<p>\ufeff</p>", "", id="alone"),
        pytest.param("<p>\ufeff\u3000「Quoted」 text</p>", "「Quoted」 text", id="leading"),
        pytest.param("<p>Tram\ufefflines</p>", "Tramlines", id="inside"),
    ],
)
def test_byte_order_marks_in_the_text_are_dropped(fragment: str, expected: str) -> None:
    article = convert(fragment)
    assert added(article.markdown) == expected
    assert added(article.text) == expected


AUTHOR_META = '<meta name="author" content="Marta Cañete">'


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("<p>Marta Cañete</p>", id="name"),
        pytest.param("<p>Von Marta Cañete, Frankfurt</p>", id="prefix-and-place"),
        pytest.param("<p>Marta Cañete Redakteurin</p>", id="name-and-role"),
        pytest.param("<p>Texto: MARTA CAÑETE / Madrid</p>", id="case-and-place"),
        pytest.param("<p>Do 25.04.24 | 14:07 Uhr | Von Marta Cañete</p>", id="date-and-name"),
        pytest.param("<h3>Marta Cañete</h3>", id="heading-over-a-bio"),
        pytest.param(
            '<p><a href="/autor/marta"><img src="/u/marta.jpg" alt="Marta"> Marta Cañete</a></p>',
            id="with-the-authors-photo",
        ),
    ],
)
@pytest.mark.parametrize("where", ["top", "end"])
def test_line_of_the_authors_names_is_dropped(line: str, where: str) -> None:
    html = page(top=line if where == "top" else "", head=AUTHOR_META)
    end = "<h2>Reactions</h2>" + (line if where == "end" else "")
    article = extract(html.replace("</article>", end + "</article>"), URL)
    assert article.authors == ("Marta Cañete",)
    assert article.markdown == "\n\n".join([*STORY, "## Reactions"])
    assert article.images == ()


@pytest.mark.parametrize(
    ("author", "line"),
    [
        pytest.param(
            "Marta Cañete", "Marta Cañete said the line would open in May.", id="sentence"
        ),
        pytest.param(
            "Marta Cañete", "Marta Cañete, council member for the northern suburbs", id="long-role"
        ),
        pytest.param("Beachbody", "Beachbody Performance Energize", id="one-word-name-and-more"),
    ],
)
def test_line_naming_an_author_among_other_words_stays(author: str, line: str) -> None:
    article = extract(page(f"<p>{line}</p>", head=f'<meta name="author" content="{author}">'), URL)
    assert article.authors == (author,)
    assert added(article.markdown) == line


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Reporting by Jane Roe in Berlin; Editing by John Doe", False),
        ("Additional reporting by Joseph Hudak", False),
        ("Reporting by the agency showed that the tram line was late.", True),
    ],
)
def test_news_agency_credit_line(line: str, kept: bool) -> None:
    assert added(convert(f"<p>{line}</p>").markdown) == (line if kept else "")


def test_words_that_look_like_labels_stay_inside_sentences() -> None:
    fragment = (
        "<p>Advertisement revenue fell by a third.</p><p>Comments are closed, he said.</p>"
        "<p>Subscribers will pay more from June, the company said.</p>"
    )
    assert added(convert(fragment).markdown) == (
        "Advertisement revenue fell by a third.\n\nComments are closed, he said.\n\n"
        "Subscribers will pay more from June, the company said."
    )


@pytest.mark.parametrize(
    "sentence",
    ["By noon, the square was full.", "By then it was too late.", "Polls close on 5 May 2024."],
)
def test_short_story_sentence_at_the_top_is_kept(sentence: str) -> None:
    assert convert(top=f"<p>{sentence}</p>").text.startswith(sentence)


@pytest.mark.parametrize(
    "sentence", ["Voting ends on Sunday, June 9.", "The council meets again on 12 June."]
)
def test_sentence_with_a_date_at_the_top_is_kept(sentence: str) -> None:
    assert convert(top=f"<p>{sentence}</p>").text.startswith(sentence)


def test_text_is_plain_paragraphs_separated_by_blank_lines() -> None:
    fragment = (
        "<h2>Reaction</h2>"
        '<p>A <strong>strong</strong>, <em>mixed</em> and <a href="/r">linked</a> reaction.</p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
        "<blockquote><p>Quoted words.</p></blockquote>"
        "<pre><code>x = 1</code></pre>"
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<p>Line<br>break and 5*3 and snake_case.</p>"
    )
    article = convert(fragment)
    assert not MARKDOWN_SYNTAX.search(article.text), MARKDOWN_SYNTAX.findall(article.text)
    blocks = article.text.split("\n\n")
    assert blocks[:3] == list(STORY[:3])
    assert blocks[3:6] == ["Reaction", "A strong, mixed and linked reaction.", "one\ntwo"]
    assert "Quoted words." in blocks
    assert "Line\nbreak and 5*3 and snake_case." in blocks
    assert blocks[-2:] == list(STORY[3:])


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<p><strong>T</strong><strong>ALAGANG</strong> sunod.</p>",
            "**TALAGANG** sunod.",
            id="touching-runs-merge",
        ),
        pytest.param(
            '<p>Moyen <strong><a href="/a">Âge</a></strong>Son domicile.</p>',
            "Moyen [Âge](https://example.com/a)Son domicile.",
            id="marker-after-punctuation-before-letter-dropped",
        ),
        pytest.param(
            "<p>A <em>(quoted)</em> word.</p>",
            "A *(quoted)* word.",
            id="punctuation-with-space-kept",
        ),
        pytest.param(
            "<p>Source text\n  over two lines.</p>",
            "Source text over two lines.",
            id="source-newline-is-a-space",
        ),
        pytest.param(
            "<h2>Premiere\n  in <br>Berlin</h2><p>Text.</p>",
            "## Premiere in Berlin\n\nText.",
            id="heading-is-one-line",
        ),
        pytest.param(
            '<p>See <a href="/t"><div>Card title</div><div>Card text</div></a>.</p>',
            "See [Card title Card text](https://example.com/t) .",
            id="blocks-in-a-link-part-words",
        ),
        pytest.param(
            "<p>A claim<sup>12</sup> and x<sup>a</sup>.</p>",
            "A claim¹² and xa.",
            id="footnote-marker-superscript",
        ),
    ],
)
def test_inline_markup_renders_as_the_page_shows_it(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


def test_footnote_marker_stays_a_digit_in_the_text() -> None:
    assert "A claim12." in convert("<p>A claim<sup>12</sup>.</p>").text


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<h2>A</h2><p>x</p><h4>B</h4><p>y</p><h3>C</h3><p>z</p><h2>D</h2>",
            "## A\n\nx\n\n### B\n\ny\n\n### C\n\nz\n\n## D",
            id="h4-then-h3-both-under-h2",
        ),
        pytest.param(
            "<h6>Kicker</h6><p>x</p><h2>A</h2><p>y</p><h2>B</h2>",
            "## Kicker\n\nx\n\n## A\n\ny\n\n## B",
            id="deeper-first-heading-is-not-pushed-down",
        ),
    ],
)
def test_heading_levels_never_skip(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<ul><li>One</li><ul><li>Under one</li></ul><li>Two</li></ul>",
            "- One\n  - Under one\n- Two",
            id="list-directly-in-list",
        ),
        pytest.param(
            "<ul><div>Plain block</div></ul>", "Plain block", id="list-without-items-is-blocks"
        ),
        pytest.param(
            '<ol start="4"><li>Four</li><b>Note</b><li>Five</li></ol>',
            "4. Four\n\n**Note**\n\n5. Five",
            id="content-between-items-keeps-numbering",
        ),
    ],
)
def test_lists_from_loose_markup(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            "<table><caption>Fares</caption><tr><th>A</th><th>B</th></tr>"
            "<tr><td>1</td><td>2</td></tr></table>",
            "Fares\n\n| A | B |\n| --- | --- |\n| 1 | 2 |",
            id="caption-before-table",
        ),
        pytest.param(
            "<table><tr><td>Layout box one</td></tr><tr><td>Layout box two</td></tr></table>",
            "Layout box one\n\nLayout box two",
            id="one-column-is-layout",
        ),
        pytest.param(
            "<table><tr><td>a</td><td>b</td></tr><tr><td> </td><td></td></tr>"
            "<tr><td>c</td><td>d</td></tr></table>",
            "| a | b |\n| --- | --- |\n| c | d |",
            id="empty-rows-dropped",
        ),
        pytest.param(
            "<table><tr><td><h1>Head</h1></td><td>x</td></tr></table>",
            "## Head\n\nx",
            id="heading-in-cell-degrades",
        ),
        pytest.param(
            "<table>Stray text<tr><td>a</td><td>b</td></tr></table>",
            "Stray text\n\n| a | b |\n| --- | --- |",
            id="text-outside-rows-before-table",
        ),
    ],
)
def test_tables_more(fragment: str, expected: str) -> None:
    assert added(convert(fragment).markdown) == expected


@pytest.mark.parametrize(
    ("href", "destination"),
    [
        ("https://x.org/?a=1&amp;amp;b=2", "https://x.org/?a=1\\&amp;b=2"),
        ("https://x.org/a\\b", "https://x.org/a%5Cb"),
    ],
)
def test_link_destination_reads_as_served(href: str, destination: str) -> None:
    markdown = added(convert(f'<p>See <a href="{href}">this</a>.</p>').markdown)
    assert markdown == f"See [this]({destination})."


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            '<iframe src="https://www.youtube.com/embed/abc_123" title="Tram tour"></iframe>',
            "[Video on YouTube: Tram tour](https://www.youtube.com/watch?v=abc_123)",
            id="youtube-iframe",
        ),
        pytest.param(
            '<p><iframe src="https://player.vimeo.com/video/42" title="Vimeo video player">'
            "</iframe></p>",
            "[Video on Vimeo](https://vimeo.com/42)",
            id="vimeo-generic-title",
        ),
        pytest.param(
            '<blockquote class="instagram-media" '
            'data-instgrm-permalink="https://www.instagram.com/p/Cx1/"></blockquote>',
            "[Post on Instagram](https://www.instagram.com/p/Cx1/)",
            id="empty-instagram-quote",
        ),
        pytest.param(
            '<blockquote class="twitter-tweet"><p>Trams now!</p>— Ann '
            '<a href="https://twitter.com/ann/status/1">May 5</a></blockquote>',
            "> Trams now!\n>\n> — Ann [May 5](https://twitter.com/ann/status/1)",
            id="tweet-with-text-stays-a-quote",
        ),
        pytest.param(
            '<video src="/media/clip.mp4"></video>',
            "[Embedded video](https://example.com/media/clip.mp4)",
            id="html5-video",
        ),
        pytest.param(
            '<iframe src="https://ads.example.net/frame"></iframe>', "", id="other-iframe-dropped"
        ),
        pytest.param(
            '<iframe src="https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fexample.com'
            '%2Fnews%2F&amp;layout=standard"></iframe>',
            "",
            id="like-button-dropped",
        ),
        pytest.param(
            '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2F'
            'www.facebook.com%2FCityNews%2F&amp;tabs=timeline"></iframe>',
            "",
            id="page-box-dropped",
        ),
        pytest.param(
            '<iframe src="https://platform.twitter.com/widgets/tweet_button.html?url=x"></iframe>',
            "",
            id="tweet-button-dropped",
        ),
        pytest.param(
            '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2F'
            'www.facebook.com%2FCityNews%2Fposts%2F42&amp;width=500"></iframe>',
            "[Post on Facebook](https://www.facebook.com/CityNews/posts/42)",
            id="post-plugin-links-the-post",
        ),
        pytest.param(
            '<iframe src="https://www.youtube.com/embed/videoseries?list=PL-tram_1"></iframe>',
            "[Video on YouTube](https://www.youtube.com/playlist?list=PL-tram_1)",
            id="youtube-playlist",
        ),
    ],
)
def test_embeds_become_a_link_line(fragment: str, expected: str) -> None:
    article = convert(fragment)
    assert added(article.markdown) == expected
    if not expected.startswith(">"):
        assert added(article.text) == ""  # like pictures, embed lines are not body text


CAPTION_TEXT = (
    "A mother and her children sell bread in a market, Tuesday, April 18, 2023. (Photo: Jane Roe)"
)


def test_a_paragraph_repeated_back_to_back_is_shown_once() -> None:
    """Responsive layouts repeat a block once per screen size, one after the other."""
    copies = "".join(
        f'<div class="ssr-{size}"><div>{CAPTION_TEXT}</div></div>'
        for size in ("desktop", "tablet", "mobile")
    )
    article = convert(copies)
    assert article.markdown.count(CAPTION_TEXT) == 1
    assert article.text.count(CAPTION_TEXT) == 1


def test_a_paragraph_repeated_further_on_is_kept() -> None:
    """An interview may ask the same question twice: only back-to-back copies go."""
    question = "<p>Which cuisine do you like best yourself, and is there anything you avoid?</p>"
    article = convert(f"{question}<p>Italian, always.</p>{question}<p>Nothing at all.</p>")
    assert article.text.count("Which cuisine do you like best") == 2
