"""Turn an :class:`Article` into the text of the archive file.

Three formats: ``markdown`` (YAML front matter, then the article), ``json``
(every field plus the fetch record) and ``text`` (title and plain text).

The front matter is the part other tools read, so it is built defensively:
every value goes through :func:`clean_value`, the YAML is produced by PyYAML's
safe dumper (never by string formatting), and the result is loaded back and
compared before it is used. A page cannot smuggle keys, tags, extra documents
or multi-line values into it, and the Markdown body, which comes after the
closing delimiter and a blank line, cannot change it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import yaml

from pressclip import __version__
from pressclip.errors import PressclipError, UsageError
from pressclip.model import Article, Page

FORMATS = ("markdown", "json", "text")
DELIMITER = "---"
DOCUMENT_END = "..."
GENERATOR = f"pressclip {__version__}"
URL_SCHEMES = ("http://", "https://")

BIDI_CONTROLS = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides (U+202E poses "gpj.exe")
    "\u2066\u2067\u2068\u2069"  # isolates
)
BYTE_ORDER_MARK = "\ufeff"
UNICODE_CONTROL = "Cc"  # C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F)
UNICODE_SURROGATE = "Cs"  # lone surrogates cannot be written as UTF-8

# YAML 1.2 readers (js-yaml, Go yaml, ruamel) read these as numbers where
# PyYAML (YAML 1.1) reads strings, so PyYAML would leave them unquoted.
YAML12_NUMBER = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$"
)
YAML12_NUMBER_FIRST = list("-+0123456789.")

# Characters that start Markdown inline syntax in a heading; escaping any
# ASCII punctuation with a backslash is valid CommonMark.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#~|])")
MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


class _FrontMatterDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting also the strings YAML 1.2 reads as numbers."""


_FrontMatterDumper.add_implicit_resolver(
    "tag:yaml.org,2002:float", YAML12_NUMBER, YAML12_NUMBER_FIRST
)


def clean_value(value: str) -> str:
    """Make a metadata string safe for a one-line YAML value.

    Removes control characters (C0, DEL, C1) other than whitespace, bidi
    controls, the byte order mark and lone surrogates; then turns every run of
    whitespace (including newlines, CR, tab, U+0085, U+2028, U+2029 and
    no-break spaces) into one space, and strips the ends.
    """
    kept = "".join(char for char in value if not _is_removed(char))
    return " ".join(kept.split())


def _is_removed(char: str) -> bool:
    if char in BIDI_CONTROLS or char == BYTE_ORDER_MARK:
        return True
    category = unicodedata.category(char)
    if category == UNICODE_SURROGATE:
        return True
    return category == UNICODE_CONTROL and not char.isspace()


def _clean_list(values: Iterable[str | None]) -> list[str]:
    """Clean each value, dropping empty ones and repeats, keeping the order."""
    cleaned = (clean_value(value) for value in values if value)
    return list(dict.fromkeys(value for value in cleaned if value))


def _source_url(page: Page | None) -> str | None:
    if page is None or not page.source.lower().startswith(URL_SCHEMES):
        return None
    return page.source


def _fetched_url(page: Page | None) -> str | None:
    """The URL after redirects, for a fetched page (a saved page's ``--url`` was not fetched)."""
    return page.url if page is not None and _source_url(page) else None


def front_matter(article: Article, page: Page | None = None) -> dict[str, Any]:
    """The metadata written before the article, cleaned, with empty keys left out."""
    fields: dict[str, str | int | list[str] | None] = {
        "title": article.title,
        "authors": _clean_list(article.authors),
        "date": article.date_published,
        "lastmod": article.date_modified,
        "source": _source_url(page),
        "canonical_url": article.url or (page.url if page else None),
        "fetched_url": _fetched_url(page),
        "status": page.status if page else None,
        "site": article.site_name,
        "language": article.language,
        "description": article.description,
        "image": article.lead_image,
        "captions": _clean_list(image.caption for image in article.images),
        "tags": _clean_list(article.tags),
        "archived": page.fetched_at if page else None,
        "sha256": page.sha256 if page else None,
        "generator": GENERATOR,
    }
    data: dict[str, Any] = {}
    for key, value in fields.items():
        cleaned = clean_value(value) if isinstance(value, str) else value
        if cleaned:
            data[key] = cleaned
    return data


def dump_front_matter(data: dict[str, Any]) -> str:
    """YAML for ``data``, checked to load back equal and to keep one line per value.

    Raises :class:`PressclipError` (an internal error) if the check fails,
    rather than writing metadata that readers would see differently.
    """
    dumped = yaml.dump(
        data,
        Dumper=_FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10**9,
        default_flow_style=False,
    )
    if yaml.safe_load(dumped) != data:
        raise PressclipError("front matter does not round-trip through YAML")
    if len(dumped.splitlines()) != _expected_lines(data):
        raise PressclipError("front matter value spans more than one line")
    return dumped


def _expected_lines(data: dict[str, Any]) -> int:
    """One line per scalar key; a list takes its key line plus one per item."""
    return sum(1 + len(value) if isinstance(value, list) else 1 for value in data.values())


def escape_markdown(text: str) -> str:
    """Escape ``text`` so that a Markdown renderer shows it literally."""
    return MARKDOWN_ENTITY.sub(r"\\&", MARKDOWN_SPECIAL.sub(r"\\\1", text))


def render_markdown(article: Article, page: Page | None = None) -> str:
    """Front matter between ``---`` lines, a blank line, ``# title``, the body."""
    data = front_matter(article, page)
    blocks = []
    if "title" in data:
        blocks.append(f"# {escape_markdown(data['title'])}")
    body = article.markdown.strip("\n")
    if body:
        blocks.append(body)
    head = f"{DELIMITER}\n{dump_front_matter(data)}{DELIMITER}\n"
    return head + "".join(f"\n{block}\n" for block in blocks)


def render_json(article: Article, page: Page | None = None) -> str:
    """Every article field plus ``fetch`` (the fetch record, or null)."""
    data = {**article.to_dict(), "fetch": page.record() if page else None}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_text(article: Article, page: Page | None = None) -> str:
    """The title, a blank line and the plain text."""
    title = clean_value(article.title or "")
    body = article.text.strip("\n")
    blocks = [block for block in (title, body) if block]
    return "\n\n".join(blocks) + "\n"


_RENDERERS = {"markdown": render_markdown, "json": render_json, "text": render_text}


def render(article: Article, page: Page | None = None, fmt: str = "markdown") -> str:
    """The archive text of ``article`` in format ``fmt`` (markdown, json or text)."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise UsageError(f"unknown format: {fmt!r} (choose one of {', '.join(FORMATS)})")
    return renderer(article, page)
