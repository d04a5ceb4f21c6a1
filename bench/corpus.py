"""Benchmark corpora: where they live and how their cases are loaded.

The corpora are described in ``README.md`` of the corpus root (by default
``../shared/bench`` next to the project, overridable with ``PRESSCLIP_BENCH``).
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPORA: tuple[str, ...] = ("zyte", "fundus", "htmldate", "seed")
ENV_ROOT = "PRESSCLIP_BENCH"


def corpus_root() -> Path:
    """The folder holding the corpora: ``$PRESSCLIP_BENCH`` or ``<repo>/../shared/bench``."""
    override = os.environ.get(ENV_ROOT)
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[1].parent / "shared" / "bench"


@dataclass(frozen=True)
class Case:
    """One annotated page. A truth field is ``None`` where it is not annotated."""

    corpus: str
    id: str
    url: str | None
    html_path: Path
    title: str | None = None
    date: str | None = None
    """The true publication day; ``None`` with ``date_expected`` false means "no date"."""
    date_expected: bool | None = None
    """Whether the date is annotated: true (a day), false (the page has none), ``None``."""
    datetime: str | None = None
    authors: tuple[str, ...] | None = None
    body: str | None = None
    captions: tuple[str, ...] | None = None
    absent: tuple[str, ...] = ()
    """seed only: strings that must not appear in the body."""
    max_caption_occurrences: int | None = None
    """seed only: how often a caption may appear in the body."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def html(self) -> bytes:
        """The page's bytes as served (gunzipped when stored compressed)."""
        return read_page(self.html_path)


def read_page(path: Path) -> bytes:
    """Read a page file, decompressing gzip (detected by its magic bytes)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_CONTROL_CHARS = dict.fromkeys([c for c in range(32) if c not in (9, 10, 13)] + [0x7F])
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_html(data: bytes) -> str:
    """Text of a page the way a careful fetcher decodes it (no HTTP header is stored).

    A byte-order mark wins; then strict UTF-8 (bytes that are valid UTF-8 are UTF-8
    even when a stale ``<meta>`` says Latin-1, as on some fundus pages); then the
    charset the page declares; then charset-normalizer's guess; then cp1252.
    C0 control characters other than tab and newlines are dropped (lxml refuses
    them in a ``str``). For extractors whose API takes a ``str``.
    """
    return _decode(data).translate(_CONTROL_CHARS)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8")
    match = _DECLARED.search(data[:8192])
    if match:
        label = (match.group(1) or match.group(2)).decode("ascii", "ignore")
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return data.decode(label)
    with contextlib.suppress(Exception):
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


def page_digest(data: bytes) -> str:
    """A short content hash, used to key cached peer results."""
    return hashlib.sha1(data).hexdigest()[:16]


def _tuple_or_none(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _case_from_row(corpus: str, folder: Path, row: dict[str, Any]) -> Case:
    date = row.get("date")
    if "date_expected" in row:
        date_expected: bool | None = bool(row["date_expected"])
    else:
        date_expected = True if date else None
    return Case(
        corpus=corpus,
        id=str(row["id"]),
        url=row.get("url") or None,
        html_path=folder / row["html"],
        title=row.get("title"),
        date=date,
        date_expected=date_expected,
        datetime=row.get("datetime"),
        authors=_tuple_or_none(row.get("authors")),
        body=row.get("body"),
        captions=_tuple_or_none(row.get("captions")),
        extra={k: v for k, v in row.items() if k in ("source_id", "topics", "section_headlines")},
    )


def _seed_case(folder: Path) -> Case:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    date = expected.get("date")
    return Case(
        corpus="seed",
        id="trackpersia",
        url=expected.get("url"),
        html_path=folder / "trackpersia.html",
        title=expected.get("title"),
        date=date,
        date_expected=True if date else None,
        datetime=expected.get("datetime"),
        authors=_tuple_or_none(expected.get("authors")),
        body="\n\n".join(expected.get("paragraphs") or []) or None,
        captions=_tuple_or_none(expected.get("captions")),
        absent=tuple(expected.get("absent") or ()),
        max_caption_occurrences=expected.get("caption_occurrences_in_body"),
        extra={k: expected.get(k) for k in ("site_name", "language", "lead_image")},
    )


def load_cases(corpus: str, limit: int | None = None, root: Path | None = None) -> list[Case]:
    """The cases of one corpus, in file order (the first ``limit`` if given)."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {', '.join(CORPORA)}")
    folder = (root or corpus_root()) / corpus
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder} (set ${ENV_ROOT})")
    if corpus == "seed":
        cases = [_seed_case(folder)]
    else:
        with (folder / "cases.jsonl").open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        cases = [_case_from_row(corpus, folder, row) for row in rows]
    return cases if limit is None else cases[: max(limit, 0)]
