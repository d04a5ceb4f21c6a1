"""``archive()``: the seed page end to end, the bench corpora, and where input comes from.

The acceptance tests run the real command on ``../shared/bench/seed`` and check
the written file against its ``expected.json``, once from the saved file and
once served over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pressclip import cli
from pressclip.archive import ArchiveResult, archive
from pressclip.errors import (
    ContentError,
    LocalFileError,
    NoArticleError,
    PressclipError,
    UsageError,
)
from pressclip.extract import extract
from pressclip.fetch import FetchOptions
from server import LocalServer, Reply

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "trackpersia.html"
BENCH = ROOT.parent / "shared" / "bench"
SEED = BENCH / "seed"
CORPORA = ("zyte", "fundus", "htmldate")
CORPUS_SAMPLE_STEP = 3
"""Every 3rd page: the whole corpora take over a minute on two shared cores."""
SEED_NAME = "2016-09-11-last-members-of-iranian-mujahedin-e-khalq-group-leave-iraq-for-albania.md"
SEED_PATH = "/last-members-of-iranian-mujahedin-e-khalq-group-leave-iraq-for-albania/"
# CommonMark backslash escapes (any ASCII punctuation): what a reader sees without them.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

needs_seed = pytest.mark.skipif(
    not (SEED / "expected.json").is_file(), reason=f"seed page not found in {SEED}"
)
needs_bench = pytest.mark.skipif(not BENCH.is_dir(), reason=f"bench corpora not found in {BENCH}")

ARTICLE_HTML = b"""<html lang="en"><head><title>Harbour reopens</title></head><body>
<article><h1>Harbour reopens</h1><p>The harbour reopened on Tuesday after repairs.</p>
<p><a href="/map">See the map</a> of the new sea wall.</p></article></body></html>"""
# Fragments hypothesis strings together into hostile pages.
HTML_PIECES = st.sampled_from(
    ["<p>", "</p>", "<div class=content>", "</div>", "<h1>", "<figure><img src=x alt='a'>",
     "<figcaption>", "<script>", "<!--", "<![f\x1b\x00", "<title>", "&amp;", "\x00", "\u2028",
     "Text long enough to count as a paragraph of an article, more or less. "]
)  # fmt: skip


# --- the seed page ------------------------------------------------------------


def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    return data


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The loaded front matter and the Markdown after it."""
    assert text.startswith("---\n")
    head, separator, body = text[4:].partition("\n---\n")
    assert separator, "no closing front-matter delimiter"
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded, body


def assert_matches_seed(path: Path) -> dict[str, Any]:
    """Check the archived file against every property of ``expected.json``."""
    want = expected()
    text = path.read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    assert meta["title"] == want["title"]
    assert isinstance(meta["date"], str)
    assert meta["date"][:10] == want["date"]
    assert meta["date"] == want["datetime"]
    assert meta["site"] == want["site_name"]
    assert meta["language"] == want["language"]
    assert meta["image"] == want["lead_image"]
    assert meta["captions"] == want["captions"]
    for caption in want["captions"]:
        assert body.count(caption) == want["caption_occurrences_in_body"]
    assert_in_order(want["paragraphs"], MARKDOWN_ESCAPE.sub(r"\1", body))
    for clutter in want["absent"]:
        assert clutter not in text
    return meta


def assert_in_order(paragraphs: list[str], body: str) -> None:
    position = 0
    for paragraph in paragraphs:
        found = body.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph[:60]!r}"
        position = found + len(paragraph)


@needs_seed
def test_seed_page_from_the_saved_file(tmp_path: Path) -> None:
    url = expected()["url"]
    page = SEED / "trackpersia.html"
    result = CliRunner().invoke(cli.command, [str(page), "--url", url, "-o", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{tmp_path / SEED_NAME}\n"
    assert sorted(os.listdir(tmp_path)) == [SEED_NAME]
    meta = assert_matches_seed(tmp_path / SEED_NAME)
    assert meta["canonical_url"] == url
    assert "source" not in meta  # a file is not a URL that was fetched


@needs_seed
def test_seed_page_served_over_http(server: LocalServer, tmp_path: Path) -> None:
    content = (SEED / "trackpersia.html").read_bytes()
    server.route(SEED_PATH, Reply(body=content, content_type="text/html; charset=UTF-8"))
    url = server.url(SEED_PATH)
    result = CliRunner().invoke(cli.command, [url, "-o", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(os.listdir(tmp_path)) == [SEED_NAME]
    meta = assert_matches_seed(tmp_path / SEED_NAME)
    assert meta["source"] == url
    assert meta["canonical_url"] == expected()["url"]  # the page's canonical link


# --- the bench corpora ----------------------------------------------------------


def corpus_cases(name: str) -> list[dict[str, Any]]:
    lines = (BENCH / name / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@needs_bench
@pytest.mark.parametrize("name", CORPORA)
def test_extract_raises_only_no_article_on_the_corpora(name: str) -> None:
    """Every sampled page gives an article or :class:`NoArticleError`, nothing else.

    Warnings are recorded rather than raised here (pytest turns them into
    errors), because this test is about exceptions.
    """
    unexpected = []
    for case in corpus_cases(name)[::CORPUS_SAMPLE_STEP]:
        data = gzip.decompress((BENCH / name / case["html"]).read_bytes())
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            try:
                extract(data, case.get("url"))
            except NoArticleError:
                pass
            except Exception as exc:  # noqa: BLE001 -- collected, then reported together
                unexpected.append(f"{case['id']}: {type(exc).__name__}: {exc}")
    assert unexpected == []


# --- archive() as a library -------------------------------------------------------


def test_saved_file_is_read_without_a_url(tmp_path: Path) -> None:
    result = archive(str(EXAMPLE), str(tmp_path))
    assert isinstance(result, ArchiveResult)
    assert result.path == tmp_path / SEED_NAME
    assert result.output == result.path.read_text(encoding="utf-8")
    assert (result.page.source, result.page.url, result.page.status) == (str(EXAMPLE), None, None)
    assert result.page.content == EXAMPLE.read_bytes()
    assert result.page.fetched_at.endswith("+00:00")
    assert result.article.title is not None


def test_saved_file_never_loads_requests(tmp_path: Path) -> None:
    code = (
        "import sys; from pressclip import archive; "
        f"archive({str(EXAMPLE)!r}, {str(tmp_path)!r}); "
        "print(sorted(m for m in ('requests', 'urllib3') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout == "[]\n"


def test_stdin_to_text_returns_the_text() -> None:
    result = archive("-", "-", fmt="text", stdin=io.BytesIO(ARTICLE_HTML))
    assert result.path is None
    assert result.output.startswith("Harbour reopens\n\nThe harbour reopened on Tuesday")
    assert result.page.source == "-"


def test_url_option_resolves_links_of_stdin_input() -> None:
    result = archive("-", "-", url="https://news.example/story/", stdin=io.BytesIO(ARTICLE_HTML))
    assert "(https://news.example/map)" in result.output
    assert result.page.url == "https://news.example/story/"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_json_and_text_go_to_stdout_by_default(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = archive(str(EXAMPLE), fmt=fmt)
    assert result.path is None
    assert os.listdir(tmp_path) == []


def test_json_output_holds_the_fetch_record(tmp_path: Path) -> None:
    result = archive(str(EXAMPLE), str(tmp_path / "clip.json"), fmt="json")
    assert result.path == tmp_path / "clip.json"
    data = json.loads(result.path.read_text(encoding="utf-8"))
    assert data["fetch"]["source"] == str(EXAMPLE)
    assert data["title"] == result.article.title


class Unreadable(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("input must not be read")


def test_unknown_format_fails_before_reading() -> None:
    with pytest.raises(UsageError, match="unknown format: 'pdf'"):
        archive("-", "-", fmt="pdf", stdin=Unreadable())


def test_missing_output_folder_fails_before_reading(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError, match="output folder does not exist"):
        archive("-", str(tmp_path / "missing" / "clip.md"), stdin=Unreadable())


@pytest.mark.parametrize("source", ["-", "file"])
def test_input_over_the_size_cap_is_refused(source: str, tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"x" * 200)
    with pytest.raises(ContentError, match="input larger than 100 bytes"):
        archive(
            "-" if source == "-" else str(page),
            "-",
            options=FetchOptions(max_bytes=100),
            stdin=io.BytesIO(page.read_bytes()),
        )


PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"


def test_saved_binary_file_is_not_archived(tmp_path: Path) -> None:
    """A picture saved by mistake gives a content error, not an article of garbage."""
    picture = tmp_path / "photo.html"
    picture.write_bytes(PNG_START + bytes(range(256)) * 8)
    with pytest.raises(ContentError, match=f"expected an HTML page, got binary data: {picture}"):
        archive(str(picture), str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.html"]


def test_closed_stdin_is_a_local_file_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(LocalFileError, match="cannot read standard input: it is closed"):
        archive("-", "-")


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("example.com", UsageError),
        ("news.example.co.uk/2024/story", UsageError),
        ("ftp://example.com/page.html", UsageError),
        ("mailto:someone@example.com", UsageError),
        ("page.html", LocalFileError),
        ("saved/page.htm", LocalFileError),
        ("notes.txt", LocalFileError),
        ("C:page.html", LocalFileError),
        ("./example.com", LocalFileError),
        ("story", LocalFileError),
    ],
)
def test_missing_source_is_a_url_or_a_file_by_its_shape(
    source: str, error: type[Exception], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error):
        archive(source, "-")


def test_existing_file_wins_over_a_url_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.com").write_bytes(ARTICLE_HTML)
    assert archive("example.com", "-").article.title == "Harbour reopens"


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.lists(HTML_PIECES, max_size=40).map("".join)))
def test_any_input_gives_an_article_or_a_pressclip_error(page: bytes | str) -> None:
    """Whatever arrives on stdin, the outcome is an archive or a documented error."""
    data = page if isinstance(page, bytes) else page.encode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # parser warnings are not failures (the CLI hides them)
        try:
            result = archive("-", "-", stdin=io.BytesIO(data))
        except PressclipError as error:
            assert error.exit_code in (2, 3, 7)
        else:
            assert result.output.startswith("---\n")
