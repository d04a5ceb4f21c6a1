"""Rendering: the front matter survives hostile metadata and readers see it unchanged."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pressclip import __version__
from pressclip.errors import ExitCode, PressclipError, UsageError
from pressclip.model import Article, Image, Page
from pressclip.render import (
    clean_value,
    dump_front_matter,
    escape_markdown,
    front_matter,
    render,
)

PAGE = Page(
    source="https://example.com/news/story?id=1",
    content=b"<html></html>",
    url="https://example.com/news/story",
    status=200,
    content_type="text/html",
    fetched_at="2024-05-06T07:08:09+00:00",
    elapsed=0.1234,
)
FULL_ARTICLE = Article(
    title="A title",
    description="What happened",
    authors=("Ada Lovelace", "Grace Hopper"),
    date_published="2024-05-01T10:00:00+02:00",
    date_modified="2024-05-02",
    site_name="Example News",
    language="en",
    url="https://example.com/canonical",
    lead_image="https://example.com/lead.jpg",
    images=(
        Image("https://example.com/1.jpg", caption="First"),
        Image("https://example.com/2.jpg", caption=""),
        Image("https://example.com/3.jpg", caption="Second"),
        Image("https://example.com/4.jpg", caption="First"),
        Image("https://example.com/5.jpg"),
    ),
    tags=("politics", "europe"),
    markdown="Body paragraph.\n\nSecond paragraph.",
    text="Body paragraph.\n\nSecond paragraph.",
)
KEY_ORDER = [
    "title",
    "authors",
    "date",
    "lastmod",
    "source",
    "canonical_url",
    "fetched_url",
    "status",
    "site",
    "language",
    "description",
    "image",
    "captions",
    "tags",
    "archived",
    "sha256",
    "generator",
]

ADVERSARIAL = [
    "---",
    "...",
    "line1\n---\nline2",
    "line1\n...\nline2",
    "a: b",
    "# x",
    "&anchor",
    "*alias",
    "? k",
    "%TAG ! tag:example.com,2000:",
    "- item",
    "quote \" and ' both",
    "  leading and trailing  ",
    "no",
    "yes",
    "on",
    "null",
    "~",
    "2024-01-01",
    "2024-01-01T10:00:00+00:00",
    "1e3",
    "0o17",
    "09",
    ".inf",
    "!!python/object/apply:os.system ['id']",
    "!binary x",
    "{a: 1}",
    "[1, 2]",
    "key: value # comment",
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nline",
    "tab\there",
    "nul\x00byte",
    "nel\x85line",
    "line\u2028separator",
    "para\u2029separator",
    "esc \x1b[31mred\x1b[0m",
    "bell\x07",
    "c1 \x9b control",
    "\ufeffbom",
    "rtl \u202eexe.gpj\u202c",
    "isolates \u2066x\u2069 \u2067y\u2069 \u2068z\u2069",
    "marks \u200eltr\u200f",
    "lone \ud800 surrogate",
    "x" * 400,
    "word " * 100,
    "東京で記事を書く",
    "مقالة عربية عن الأخبار",
    "emoji 🎉 family 👨\u200d👩\u200d👧",
    "café crème",
    "   ",
    "",
]
FRONT_MATTER_FIELDS = ["title", "description", "site_name", "language"]
FIELD_KEYS = {"title": "title", "description": "description", "site_name": "site"}


def split_document(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body, the way line-oriented readers split them."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    meta = yaml.safe_load("\n".join(lines[1:end]))
    return meta, "\n".join(lines[end + 1 :])


def front_matter_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[1 : lines.index("---", 1)]


def unescape_markdown(text: str) -> str:
    """What CommonMark shows for backslash escapes of ASCII punctuation."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


# --- clean_value -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ("  padded\t", "padded"),
        ("a\nb", "a b"),
        ("a\r\nb", "a b"),
        ("a \n\n\t b", "a b"),
        ("a\x85b", "a b"),
        ("a\u2028b\u2029c", "a b c"),
        ("a\x00b", "ab"),
        ("a\x1b[31mb", "a[31mb"),
        ("a\x7fb\x9bc", "abc"),
        ("\ufeffa", "a"),
        ("a\u202eb\u202c", "ab"),
        ("\u2066a\u2069\u200e\u200f\u061c", "a"),
        ("a\ud800b", "ab"),
        ("a\u00a0b", "a b"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("東京", "東京"),
        ("", ""),
    ],
)
def test_clean_value(raw: str, clean: str) -> None:
    assert clean_value(raw) == clean


# --- front matter -----------------------------------------------------------


def test_front_matter_keys_in_documented_order() -> None:
    data = front_matter(FULL_ARTICLE, PAGE)
    assert list(data) == KEY_ORDER
    assert data["authors"] == ["Ada Lovelace", "Grace Hopper"]
    assert data["source"] == PAGE.source
    assert data["canonical_url"] == FULL_ARTICLE.url
    assert data["captions"] == ["First", "Second"]
    assert data["archived"] == PAGE.fetched_at
    assert data["generator"] == f"pressclip {__version__}"


def test_front_matter_omits_empty_values() -> None:
    assert front_matter(Article(title="  ", authors=("", "\n"), tags=())) == {
        "generator": f"pressclip {__version__}"
    }


def test_front_matter_source_only_when_a_url_and_url_falls_back_to_page() -> None:
    page = Page(source="saved/page.html", content=b"", url="https://example.com/x")
    data = front_matter(Article(title="t"), page)
    assert "source" not in data
    assert data["canonical_url"] == "https://example.com/x"


def test_front_matter_provenance_of_a_fetched_page() -> None:
    data = front_matter(FULL_ARTICLE, PAGE)
    assert data["fetched_url"] == "https://example.com/news/story"
    assert data["status"] == 200
    # sha256 of b"<html></html>", from coreutils' sha256sum.
    assert data["sha256"] == "b633a587c652d02386c4f16f8c6f6aab7352d97f16367c3c40576214372dd628"


def test_front_matter_provenance_of_a_saved_page_has_no_fetch() -> None:
    page = Page(source="saved/page.html", content=b"", url="https://example.com/x")
    data = front_matter(Article(title="t"), page)
    assert "fetched_url" not in data
    assert "status" not in data
    assert data["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_front_matter_deduplicates_lists_after_cleaning() -> None:
    article = Article(authors=("Ada\nLovelace", "Ada Lovelace", "Bob"), tags=("a", "a"))
    data = front_matter(article)
    assert data["authors"] == ["Ada Lovelace", "Bob"]
    assert data["tags"] == ["a"]


def test_dates_load_back_as_strings() -> None:
    meta, _ = split_document(render(FULL_ARTICLE, PAGE))
    for key in ("date", "lastmod", "archived"):
        assert isinstance(meta[key], str)
    assert meta["date"] == "2024-05-01T10:00:00+02:00"
    assert meta["lastmod"] == "2024-05-02"


@pytest.mark.parametrize("value", ADVERSARIAL, ids=lambda v: ascii(v)[:40])
@pytest.mark.parametrize("field", FRONT_MATTER_FIELDS)
def test_adversarial_scalar_round_trips(field: str, value: str) -> None:
    kwargs: dict[str, Any] = {field: value}
    text = render(Article(**kwargs), PAGE)
    meta, _ = split_document(text)
    key = FIELD_KEYS.get(field, field)
    expected = clean_value(value)
    if expected:
        assert meta[key] == expected
        assert type(meta[key]) is str
    else:
        assert key not in meta
    assert_one_line_per_value(text, meta)


@pytest.mark.parametrize("value", ADVERSARIAL, ids=lambda v: ascii(v)[:40])
def test_adversarial_author_round_trips(value: str) -> None:
    text = render(Article(authors=(value, "Second Author")), PAGE)
    meta, _ = split_document(text)
    expected = [a for a in (clean_value(value), "Second Author") if a]
    assert meta["authors"] == expected
    assert all(type(author) is str for author in meta["authors"])
    assert_one_line_per_value(text, meta)


def assert_one_line_per_value(text: str, meta: dict[str, Any]) -> None:
    lines = front_matter_lines(text)
    assert "---" not in lines
    assert "..." not in lines
    items = sum(len(v) for v in meta.values() if isinstance(v, list))
    assert len(lines) == len(meta) + items


@pytest.mark.parametrize("value", ["1e3", "0o17", "09", "+1", ".5", "1."])
def test_yaml_1_2_numbers_are_quoted(value: str) -> None:
    """js-yaml and Go yaml read these unquoted as numbers; PyYAML would not quote them."""
    assert f"title: '{value}'\n" in render(Article(title=value))


def test_long_value_stays_on_one_line() -> None:
    text = render(Article(description="word " * 100), PAGE)
    assert "description: " + ("word " * 100).strip() in text.split("\n")


def test_unsafe_tag_is_quoted() -> None:
    text = render(Article(title="!!python/object/apply:os.system ['id']"))
    assert "title: '!!python/object/apply:os.system [''id'']'" in text.split("\n")


@given(title=st.text(), authors=st.lists(st.text(), max_size=4))
@settings(max_examples=150, deadline=None)
def test_any_title_and_authors_round_trip(title: str, authors: list[str]) -> None:
    text = render(Article(title=title, authors=tuple(authors)), PAGE)
    meta, _ = split_document(text)
    expected_title = clean_value(title)
    assert meta.get("title") == (expected_title or None)
    expected_authors = list(dict.fromkeys(a for a in map(clean_value, authors) if a))
    assert meta.get("authors") == (expected_authors or None)
    assert_one_line_per_value(text, meta)


@given(st.text(st.characters(exclude_categories=())))
@settings(max_examples=100, deadline=None)
def test_any_code_point_round_trips_through_dump(value: str) -> None:
    data = {"value": clean_value(value)}
    assert yaml.safe_load(dump_front_matter(data)) == data


def test_dump_refuses_what_does_not_round_trip() -> None:
    """PyYAML writes U+0085 raw with allow_unicode and reads it back as a line break."""
    with pytest.raises(PressclipError) as caught:
        dump_front_matter({"title": "nel\x85x"})
    assert caught.value.exit_code == ExitCode.INTERNAL


def test_dump_refuses_multi_line_values() -> None:
    with pytest.raises(PressclipError, match="more than one line"):
        dump_front_matter({"title": "a\nb"})


# --- markdown ---------------------------------------------------------------


def test_markdown_layout() -> None:
    text = render(FULL_ARTICLE, PAGE)
    meta, body = split_document(text)
    assert meta == front_matter(FULL_ARTICLE, PAGE)
    assert body == "\n# A title\n\nBody paragraph.\n\nSecond paragraph.\n"
    assert text.endswith("paragraph.\n")
    assert not text.endswith("\n\n")


def test_markdown_without_title_has_no_heading() -> None:
    _, body = split_document(render(Article(markdown="Just text."), PAGE))
    assert body == "\nJust text.\n"


@pytest.mark.parametrize(
    "body",
    [
        "---\ntitle: x\n---\nreal body",
        "---\n...\n---",
        "---",
        "title: injected\n---\nauthors: [x]",
    ],
)
@pytest.mark.parametrize("title", ["Real title", None])
def test_body_cannot_change_metadata(body: str, title: str | None) -> None:
    article = Article(title=title, authors=("Ada",), markdown=body)
    meta, rest = split_document(render(article, PAGE))
    assert meta == front_matter(article, PAGE)
    assert rest.startswith("\n")
    assert rest.rstrip("\n").endswith(body.rstrip("\n"))


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Plain words", "# Plain words"),
        ("#1 story", r"# \#1 story"),
        ("Closing #", r"# Closing \#"),
        ("*bold* and _em_", r"# \*bold\* and \_em\_"),
        ("[link](http://x)", r"# \[link\](http://x)"),
        ("`code`", r"# \`code\`"),
        ("<script>alert(1)</script>", r"# \<script\>alert(1)\</script\>"),
        ("back\\slash", r"# back\\slash"),
        ("AT&T &amp; co", r"# AT&T \&amp; co"),
        ("~~strike~~ | pipe", r"# \~\~strike\~\~ \| pipe"),
        ("- not a list", "# - not a list"),
    ],
)
def test_title_heading_is_escaped(title: str, heading: str) -> None:
    _, body = split_document(render(Article(title=title)))
    assert body.split("\n")[1] == heading
    assert unescape_markdown(escape_markdown(title)) == title


@given(st.text())
@settings(max_examples=100, deadline=None)
def test_escaped_title_shows_the_same_text(title: str) -> None:
    assert unescape_markdown(escape_markdown(title)) == title


def test_heading_uses_the_cleaned_title() -> None:
    _, body = split_document(render(Article(title="two\nlines\u202e")))
    assert body.split("\n")[1] == "# two lines"


# --- json and text ----------------------------------------------------------


def test_json_has_article_keys_and_fetch() -> None:
    data = json.loads(render(FULL_ARTICLE, PAGE, fmt="json"))
    assert set(data) == {f.name for f in fields(Article)} | {"fetch"}
    assert data["fetch"] == PAGE.record()
    assert data["authors"] == ["Ada Lovelace", "Grace Hopper"]


def test_json_without_page_and_unicode_kept() -> None:
    text = render(Article(title="東京 café"), fmt="json")
    assert "東京 café" in text
    assert text.endswith("}\n")
    assert json.loads(text)["fetch"] is None


def test_text_format() -> None:
    assert render(FULL_ARTICLE, PAGE, fmt="text") == (
        "A title\n\nBody paragraph.\n\nSecond paragraph.\n"
    )
    assert render(Article(text="only text"), fmt="text") == "only text\n"


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        render(FULL_ARTICLE, fmt="html")
    assert str(caught.value) == "unknown format: 'html' (choose one of markdown, json, text)"
