"""Decoding: the page's bytes become the text a browser would show, and never raise."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressclip.decode import decode, looks_binary
from pressclip.extract import extract

URL = "https://example.com/news/story.html"
FRENCH = (
    "Le président a déclaré que l’économie française était “résiliente” malgré la crise "
    "énergétique, et que les réformes seraient poursuivies dès la rentrée. "
)
RUSSIAN = "Москва — столица России. Совет города одобрил новый план развития транспорта."
JAPANESE = "東京で会議が開かれ、新しい交通計画が承認された。"
LABELS = (None, "", "utf-8", "x-bogus", "utf-16", "shift_jis", "iso-8859-1", "utf-7", " koi8-r ")
CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


def html(body: str, declaration: str = "") -> str:
    return f"<html><head>{declaration}<title>Story</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            codecs.BOM_UTF8 + html("Café", '<meta charset="iso-8859-1">').encode("utf-8"),
            html("Café", '<meta charset="iso-8859-1">'),
            id="utf-8-bom-over-meta",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + html("Café “x”", '<meta charset="utf-8">').encode("utf-16-le"),
            html("Café “x”", '<meta charset="utf-8">'),
            id="utf-16-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + html(RUSSIAN).encode("utf-16-be"),
            html(RUSSIAN),
            id="utf-16-be-bom",
        ),
    ],
)
def test_byte_order_mark_wins_and_is_removed(data: bytes, expected: str) -> None:
    assert decode(data, "windows-1251") == expected


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        pytest.param(
            html("Café déjà vu – naïve", '<meta charset="iso-8859-1">').encode("utf-8"),
            None,
            "Café déjà vu – naïve",
            id="valid-utf-8-over-stale-meta",
        ),
        pytest.param(
            html("He said “hello”", '<meta charset="windows-1252">').encode("cp1252"),
            None,
            "He said “hello”",
            id="cp1252-meta-curly-quotes",
        ),
        pytest.param(
            b"<p>\x93hello\x94 caf\xe9</p>", "ISO-8859-1", "“hello” café", id="latin-1-is-cp1252"
        ),
        pytest.param(
            html(JAPANESE, '<meta charset="Shift_JIS">').encode("shift_jis"),
            None,
            JAPANESE,
            id="shift-jis-meta",
        ),
        pytest.param(
            html(
                RUSSIAN,
                '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
            ).encode("cp1251"),
            None,
            RUSSIAN,
            id="windows-1251-http-equiv",
        ),
        pytest.param(
            html("He said “hello” at the café", '<meta charset="koi8-r">').encode("cp1252"),
            "windows-1252",
            "He said “hello” at the café",
            id="header-charset-over-meta",
        ),
        pytest.param(
            html(FRENCH * 3).encode("cp1252"),
            None,
            FRENCH.strip(),
            id="undeclared-cp1252-detected",
        ),
        pytest.param(
            html(FRENCH * 3, '<meta charset="x-bogus">').encode("cp1252"),
            None,
            FRENCH.strip(),
            id="bogus-label-then-detector",
        ),
        pytest.param(
            html("Café", '<meta charset="utf-16">').encode("utf-8"),
            None,
            "Café",
            id="utf-16-label-on-ascii-bytes-is-utf-8",
        ),
    ],
)
def test_charset_choice(data: bytes, charset: str | None, expected: str) -> None:
    assert expected in decode(data, charset)


def test_declared_windows_1252_with_an_undefined_byte() -> None:
    data = html(FRENCH * 3, '<meta charset="windows-1252">').encode("cp1252")
    data = data.replace(b"</p>", b"\x9d</p>")
    assert FRENCH.strip() in decode(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<p>a\x00b\x1bc\x07d\x7fe</p>", "<p>abcde</p>"),
        (b"<p>tab\there\r\nnew line</p>", "<p>tab\there\r\nnew line</p>"),
        ("<p>a\x00b\x1b[0mc</p>", "<p>ab[0mc</p>"),
    ],
)
def test_control_characters_are_removed(data: bytes | str, expected: str) -> None:
    assert decode(data) == expected


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        pytest.param("<p>café</p>".encode(), None, "<p>café</p>", id="utf-8-clean"),
        pytest.param("<p>ca\x01fé\x7f</p>".encode(), None, "<p>café</p>", id="utf-8-controls"),
        pytest.param(b"<p>caf\xe9 \x93x\x94</p>", "cp1252", "<p>café “x”</p>", id="cp1252-clean"),
        pytest.param(b"<p>caf\xe9\x01\x9d</p>", "cp1252", "<p>café</p>", id="cp1252-controls"),
        pytest.param(b"<p>\xf0\xd2\xc9\x02</p>", "koi8-r", "<p>При</p>", id="other-codec"),
        pytest.param(
            codecs.BOM_UTF16_LE + "<p>a\x01b</p>".encode("utf-16-le"),
            None,
            "<p>ab</p>",
            id="utf-16-zero-bytes",
        ),
    ],
)
def test_control_characters_go_whichever_codec_decodes(
    data: bytes, charset: str | None, expected: str
) -> None:
    """Bytes free of control codes skip the search of the text only where that is safe."""
    assert decode(data, charset) == expected


def test_text_passes_through_whatever_the_charset() -> None:
    assert decode("<p>Café “x” Москва</p>", "shift_jis") == "<p>Café “x” Москва</p>"


def test_extract_decodes_a_cp1252_page() -> None:
    story = "".join(f"<p>{FRENCH}</p>" for _ in range(5))
    data = (
        '<html><head><meta charset="windows-1252"><title>Réformes</title></head>'
        f"<body><article>{story}</article></body></html>"
    ).encode("cp1252")
    article = extract(data, URL)
    assert "“résiliente”" in article.text
    assert article.title == "Réformes"


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), charset=st.sampled_from(LABELS))
def test_any_bytes_decode_without_control_characters(data: bytes, charset: str | None) -> None:
    assert not CONTROL & set(decode(data, charset))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, True),
        (b"PK\x03\x04" + b"\x00\x14\x00\x08" * 100, True),
        (b"<html><body><p>Sea\x00 wall\x0b fixed\x1b[0m, says port.</p></body></html>", False),
        ("<p>Grüße</p>".encode("utf-16"), False),
        (b"<![f\x1b\x00", False),
        (b"", False),
    ],
    ids=["png", "zip", "stray-controls", "utf-16-with-bom", "tiny", "empty"],
)
def test_looks_binary(data: bytes, expected: bool) -> None:
    assert looks_binary(data) is expected
