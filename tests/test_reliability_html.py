"""Hostile pages, end to end (issue 6, RELIABILITY.md §3.2), and properties of ``extract``.

Each page goes through the command (stdin, or a server on 127.0.0.1 where the
URL matters); failures are checked with the four outcomes of ``outcomes.py``.
The properties feed ``extract`` generated trees and random mutations of real
pages from ``../shared/bench``: it returns an ``Article`` or raises one of
pressclip's documented errors, nothing else.
"""

from __future__ import annotations

import gzip
import importlib
import re
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes import Workspace, assert_four_outcomes, snapshot
from pressclip.errors import ContentError, ExitCode
from pressclip.extract import extract
from pressclip.model import Article
from server import LocalServer, Reply, redirect
from story import STORY, STORY_HTML

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
BENCH_SAMPLE = 8
"""Pages per corpus the mutation property draws from (parsing each costs tens of ms)."""
URL = "https://example.com/news/2024/harbour-story.html"
DEEP = 100_000
NO_ARTICLE = "no article content found"
ATTRIBUTE_BYTES = 19_000_000
"""Under the 20 MB body cap, so that the page is fetched and parsed at all."""
MAX_OUTPUT_BYTES = 20_000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def story_page(title: str = "Harbour reopens", head: str = "", body: str = "") -> bytes:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>{head}"
        f"</head><body><article><h1>{title}</h1>{body}{STORY_HTML}</article></body></html>"
    ).encode()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "out")


def archived(workspace: Workspace, data: bytes, *args: str) -> str:
    """Archive ``data`` from stdin onto the victim's name: exit 0, the Markdown written."""
    result = workspace.run("-", "--url", URL, *args, stdin=data)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert sorted(snapshot(workspace.folder)) == [workspace.victim.name]
    return workspace.victim.read_text(encoding="utf-8")


def markdown_body(text: str) -> str:
    return text[4:].partition("\n---\n")[2]


# --- H1-H4: pages that break parsers or hold no article ----------------------------------------


def test_100000_nested_elements_are_archived(workspace: Workspace) -> None:
    deep = "<div>" * DEEP + STORY_HTML + "</div>" * DEEP
    page = f"<html><head><title>Deep</title></head><body>{deep}</body></html>".encode()
    text = archived(workspace, page)
    assert f"\n{STORY[0]}\n" in text and text.endswith(f"{STORY[-1]}\n")


NO_ARTICLE_PAGES = [
    ("H2-empty-body", b"<html><body></body></html>", NO_ARTICLE),
    ("H2-empty-file", b"", NO_ARTICLE),
    ("H2-title-only", b"<title>Harbour reopens</title>", NO_ARTICLE),
    ("H2-no-body", b"<html><head><title>Harbour reopens</title></head></html>", NO_ARTICLE),
    (
        "H3-script-only",
        b'<html><head><title>App</title><script src="/app.js"></script></head>'
        b'<body><div id="root"></div></body></html>',
        "page appears to require JavaScript",
    ),
    ("H4-markupbase-crash", b"<![f\x1b\x00", NO_ARTICLE),
]


@pytest.mark.parametrize(
    ("data", "message"), [p[1:] for p in NO_ARTICLE_PAGES], ids=[p[0] for p in NO_ARTICLE_PAGES]
)
def test_page_without_an_article_has_the_four_outcomes(
    workspace: Workspace, data: bytes, message: str
) -> None:
    result = workspace.run("-", "--url", URL, stdin=data)
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, message)


@pytest.mark.parametrize(
    "broken",
    [
        "<b><i>mis</b>nested</i>",
        "<p><div><span>unclosed",
        "<![f\x1b\x00",
        "</p></div>",
        "</body></html>",
    ],
)
def test_malformed_markup_before_the_story_is_survived(workspace: Workspace, broken: str) -> None:
    text = archived(workspace, story_page(body=f"<p>{broken}</p>"))
    assert f"\n{STORY[0]}\n" in text


def test_page_that_omits_optional_tags_is_archived(workspace: Workspace) -> None:
    page = f"<!doctype html><meta charset=utf-8><title>Harbour</title><article>{STORY_HTML}"
    text = archived(workspace, page.encode())
    assert f"\n{STORY[0]}\n" in text


def test_parser_crash_is_a_content_error_not_a_traceback(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the parser raises deep inside, the user sees one line and exit 7."""

    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(importlib.import_module("pressclip.extract"), "parse", explode)
    result = workspace.run("-", "--url", URL, stdin=story_page())
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, "document nested too deeply")


# --- H5, H6: controls and huge attributes ------------------------------------------------------


def test_nul_and_control_characters_are_stripped_everywhere(workspace: Workspace) -> None:
    title = "Harbour\x00 re\x01opens\x1b[31m \x85after\x9b storm\x07"
    body = "<p>Sea\x00 wall\x0b fixed\x1b[0m, says \x7fport\x08.</p>"
    text = archived(workspace, story_page(title=title, body=body))
    assert not CONTROL.search(text)
    assert "\ntitle: Harbour reopens[31m after storm\n" in text
    assert "\nSea wall fixed\\[0m, says port.\n" in text


@pytest.mark.parametrize("attribute", ["alt", "src"])
def test_a_19_megabyte_attribute_does_not_reach_the_file(
    workspace: Workspace, attribute: str
) -> None:
    huge = "A" * ATTRIBUTE_BYTES
    value = huge if attribute == "alt" else f"data:image/png;base64,{huge}"
    image = f'<figure><img src="https://example.com/a.png" {attribute}="{value}"></figure>'
    text = archived(workspace, story_page(body=image))
    assert len(text.encode()) < MAX_OUTPUT_BYTES
    assert "AAAAAAAAAA" not in text


# --- H7-H9: titles, base URLs, active content ---------------------------------------------------


CONTRADICTORY_TITLES = [
    ("two-titles", "<title>First title of the story</title><title>Second title</title>", "",
     "First title of the story"),
    ("og-title-vs-h1", '<meta property="og:title" content="The declared title of the story">',
     "<h1>The visible headline here</h1>", "The declared title of the story"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("head", "heading", "title"),
    [c[1:] for c in CONTRADICTORY_TITLES],
    ids=[c[0] for c in CONTRADICTORY_TITLES],
)
def test_contradictory_titles_give_one_title_every_time(
    workspace: Workspace, head: str, heading: str, title: str
) -> None:
    page = f"<html><head>{head}</head><body><article>{heading}{STORY_HTML}</article></body></html>"
    first = archived(workspace, page.encode())
    assert f"\ntitle: {title}\n" in first
    assert (
        archived(workspace, page.encode()).split("\narchived:")[0] == first.split("\narchived:")[0]
    )


def test_entities_in_the_title_are_decoded_once_and_escaped_in_the_heading(
    workspace: Workspace,
) -> None:
    text = archived(workspace, story_page(title="&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;"))
    assert "\ntitle: <script>alert(1)</script> &amp;\n" in text
    assert "\n# \\<script\\>alert(1)\\</script\\> \\&amp;\n" in text
    assert "<script>" not in markdown_body(text)


def test_line_separator_in_the_title_becomes_a_space(workspace: Workspace) -> None:
    text = archived(workspace, story_page(title="Harbour\u2028reopens\u2029today"))
    assert "\ntitle: Harbour reopens today\n" in text
    assert "\n# Harbour reopens today\n" in text


def test_links_resolve_against_base_href(workspace: Workspace) -> None:
    head = '<base href="https://other.example/dir/">'
    links = '<p><a href="page.html">relative</a>, <a href="//cdn.example/x">protocol</a>.</p>'
    text = archived(workspace, story_page(head=head, body=links))
    assert "[relative](https://other.example/dir/page.html)" in text
    assert "[protocol](https://cdn.example/x)" in text


def test_links_resolve_against_the_url_after_redirects(
    server: LocalServer, workspace: Workspace
) -> None:
    links = '<p><a href="other.html">relative</a> and <img src="img/a.png" alt="map">.</p>'
    server.route("/story", redirect("/news/2024/final.html"))
    server.route("/news/2024/final.html", Reply(body=story_page(body=links)))
    result = workspace.run(server.url("/story"))
    assert (result.exit_code, result.stderr) == (0, "")
    text = workspace.victim.read_text(encoding="utf-8")
    assert f"[relative]({server.url('/news/2024/other.html')})" in text
    assert server.url("/news/2024/img/a.png") in text


def test_active_content_never_reaches_the_markdown(workspace: Workspace) -> None:
    active = (
        '<p>Read <a href="javascript:alert(1)">this</a>, <a href="data:text/html,<b>x</b>">that</a>'
        ' and <a href=" JaVaScRiPt:alert(2)">more</a>.</p><script>alert(3)</script>'
        '<iframe src="https://evil.example/"></iframe><img src="javascript:alert(4)">'
        '<svg onload="alert(5)"><script>alert(6)</script></svg><object data="x.swf"></object>'
        '<p onclick="alert(7)">Click-free paragraph.</p>'
    )
    body = markdown_body(archived(workspace, story_page(body=active)))
    assert "Read this, that and more." in body
    assert "Click-free paragraph." in body
    for marker in (
        "javascript",
        "data:",
        "alert",
        "<script",
        "<iframe",
        "<svg",
        "<object",
        "onload",
    ):
        assert marker not in body.lower()


# --- properties: extract on generated trees and mutated real pages -------------------------------

DOCUMENTED = (ContentError,)
"""What ``extract`` may raise: ContentError and its subclass NoArticleError (exit 7)."""
TAGS = st.sampled_from(
    ["div", "p", "span", "article", "section", "h1", "h2", "a", "b", "i", "ul", "li", "table",
     "tr", "td", "figure", "figcaption", "img", "br", "script", "style", "nav", "footer", "pre",
     "blockquote", "iframe", "svg", "math", "template", "noscript", "form", "select", "option"]
)  # fmt: skip
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["class", "id", "href", "src", "alt", "itemprop", "style", "hidden", "lang"]),
    st.text(max_size=30),
    max_size=3,
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(STORY),
    st.sampled_from(["&amp;", "&#0;", "&#x110000;", "<!--", "]]>", "<![CDATA[", "\x00", "\u2028"]),
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attributes: dict[str, str], inner: list[str]) -> str:
        attrs = "".join(
            f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attributes.items()
        )
        return f"<{tag}{attrs}>{''.join(inner)}</{tag}>"

    return st.builds(render, TAGS, ATTRIBUTES, st.lists(children, max_size=5))


TREES = st.recursive(TEXT, _element, max_leaves=40)


def extract_quietly(data: bytes | str) -> Article | None:
    """``extract``, with parser warnings off (the command hides them too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return extract(data, URL)
        except DOCUMENTED:
            return None


@given(head=st.lists(TREES, max_size=3), body=st.lists(TREES, max_size=6))
@settings(max_examples=60, deadline=None)
def test_extract_on_any_generated_tree(head: list[str], body: list[str]) -> None:
    page = f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    article = extract_quietly(page)
    if article is not None:
        assert article.text.strip()
        assert not CONTROL.search(article.markdown)


def _bench_pages() -> list[Path]:
    pages: list[Path] = []
    for corpus in ("zyte", "fundus", "htmldate"):
        pages += sorted((BENCH / corpus / "html").glob("*.gz"))[:BENCH_SAMPLE]
    return pages


BENCH_PAGES = _bench_pages()
MUTATIONS = st.sampled_from(["delete", "duplicate", "insert", "truncate", "flip", "swap"])
HOSTILE_BYTES = st.sampled_from(
    [b"<", b">", b"</div>", b"<![f\x1b\x00", b"\x00", b"\xff\xfe", b"<script>", b"<!--", b"&#",
     b'"', b"<div>" * 50, b"\xef\xbb\xbf", b"<meta charset=utf-16>", b"<base href=javascript:x>"]
)  # fmt: skip


def mutate(data: bytes, operations: list[tuple[str, float, float, bytes]]) -> bytes:
    """Apply each (kind, position, extent, bytes) to ``data``; positions are fractions."""
    for kind, where, extent, extra in operations:
        start = int(where * len(data))
        end = min(len(data), start + int(extent * len(data) * 0.1) + 1)
        if kind == "delete":
            data = data[:start] + data[end:]
        elif kind == "duplicate":
            data = data[:end] + data[start:end] + data[end:]
        elif kind == "insert":
            data = data[:start] + extra + data[start:]
        elif kind == "truncate":
            data = data[:start]
        elif kind == "flip":
            data = data[:start] + bytes(b ^ 0x20 for b in data[start:end]) + data[end:]
        else:  # swap two slices
            other = int(extent * len(data))
            data = data[:start] + data[other : other + 64] + data[start + 64 :]
    return data


@pytest.mark.skipif(not BENCH_PAGES, reason=f"bench corpora not found in {BENCH}")
@given(
    index=st.integers(min_value=0, max_value=max(len(BENCH_PAGES) - 1, 0)),
    operations=st.lists(
        st.tuples(MUTATIONS, st.floats(0, 1), st.floats(0, 1), HOSTILE_BYTES),
        min_size=1,
        max_size=6,
    ),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extract_on_mutated_bench_pages(
    index: int, operations: list[tuple[str, float, float, bytes]]
) -> None:
    original = gzip.decompress(BENCH_PAGES[index].read_bytes())
    extract_quietly(mutate(original, operations))


FUZZ_REGRESSIONS = sorted((Path(__file__).parent / "data" / "fuzz").iterdir())
"""Inputs that once broke ``extract`` (from the fuzzer in ``fuzz/`` or from hypothesis)."""


@pytest.mark.parametrize("path", FUZZ_REGRESSIONS, ids=[p.name for p in FUZZ_REGRESSIONS])
def test_fuzz_regressions(path: Path) -> None:
    article = extract_quietly(path.read_bytes())
    if article is not None:
        assert not CONTROL.search(article.markdown + (article.title or ""))


def test_text_with_a_lone_surrogate_is_extracted() -> None:
    """Text (not bytes) from a library caller may hold lone surrogates; they are dropped."""
    title = unicodedata.normalize("NFD", "Café naïve ") + "𝔘𝔫𝔦𝔠𝔬𝔡𝔢\udc80 \U0010ffff"
    article = extract(story_page().decode().replace("Harbour reopens", title), URL)
    assert article.title == title.replace("\udc80", "")
