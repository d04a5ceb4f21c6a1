"""Markdown tables and the environment block printed by ``python -m bench``."""

from __future__ import annotations

import contextlib
import importlib.metadata
import platform
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from bench.peers import PEERS

# (truth field needed or None for always, header, summary key, format)
COLUMNS: tuple[tuple[str | None, str, str, str], ...] = (
    ("body", "body P", "body_p", "{:.3f}"),
    ("body", "body R", "body_r", "{:.3f}"),
    ("body", "body F1", "body_f1", "{:.3f}"),
    ("title", "title acc", "title_acc", "{:.3f}"),
    ("date", "date P", "date_p", "{:.3f}"),
    ("date", "date R", "date_r", "{:.3f}"),
    ("date", "date acc", "date_acc", "{:.3f}"),
    ("datetime", "datetime acc", "datetime_acc", "{:.3f}"),
    ("authors", "authors F1", "authors_f1", "{:.3f}"),
    ("captions", "caption recall", "caption_recall", "{:.3f}"),
    ("captions", "caption dup", "caption_dup", "{:.3f}"),
    ("absent", "absent leaked", "absent_leaked", "{:d}"),
    (None, "errors", "errors", "{:d}"),
    (None, "median ms", "median_ms", "{:.1f}"),
    (None, "total s", "total_s", "{:.1f}"),
    (None, "peak RSS MiB", "peak_rss_mib", "{:.0f}"),
)

DASH = "—"


def columns_for(truth: set[str]) -> list[tuple[str, str, str]]:
    """(header, key, format) of the columns relevant to a corpus with these truth fields."""
    return [(h, k, f) for need, h, k, f in COLUMNS if need is None or need in truth]


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return DASH
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


def table(rows: Mapping[str, Mapping[str, Any]], truth: set[str]) -> str:
    """One Markdown table: a row per extractor, a column per relevant metric."""
    cols = columns_for(truth)
    lines = [
        "| extractor | " + " | ".join(h for h, _, _ in cols) + " |",
        "| --- | " + " | ".join("---:" for _ in cols) + " |",
    ]
    for name, summary in rows.items():
        cells = [_cell(summary.get(key), fmt) for _, key, fmt in cols]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def date_counts_line(rows: Mapping[str, Mapping[str, Any]]) -> str | None:
    """tp/fp/fn/tn per extractor, for the date columns."""
    parts = [
        f"{name} {tp}/{fp}/{fn}/{tn}"
        for name, s in rows.items()
        if s.get("date_counts")
        for tp, fp, fn, tn in [s["date_counts"]]
    ]
    return "date tp/fp/fn/tn: " + "; ".join(parts) if parts else None


def versions(names: Sequence[str]) -> list[str]:
    """``name version`` for Python, lxml and each extractor named."""
    lines = [f"Python {platform.python_version()} ({platform.machine()}, {platform.system()})"]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        lines.append(f"lxml {importlib.metadata.version('lxml')}")
    for name in names:
        peer = PEERS[name]
        label = name if peer.distribution == name else f"{name} ({peer.distribution})"
        lines.append(f"{label} {peer.version()}")
    return lines


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


NOTES = """\
Notes on the figures:

- body: 4-token shingles of `\\w+` tokens (case kept), multiset overlap; precision and
  recall averaged over pages (a page whose prediction is empty has no precision and counts
  only for recall), F1 of the two averages.
- title: exact match after NFKC, white space collapsed, case folding, curly quotes and
  en/em dashes mapped to ASCII, invisible format characters (soft hyphen, zero-width
  space) removed.
- date: the first 10 characters of the extractor's date against the true day;
  tp = right day, fp = another day (or a day where none is expected), fn = none found,
  tn = none found where none is expected; accuracy = (tp + tn) / pages.
- datetime: pages whose true value has a time and an offset; the extractor's value must
  carry an offset and be within 60 s. Only extractors that give a time of day are scored.
- authors: F1 of normalised name sets (case, spaces, a leading "By"), mean over pages where
  either side is non-empty.
- caption recall: share of true captions matched by an extracted caption with word F1 >= 0.8,
  mean over pages with captions. caption dup: share of those pages where a true caption (of
  20+ characters, normalised) occurs 2+ times in the extracted body.
- speed: wall-clock seconds of the extraction call alone (bytes in, record out), one page at
  a time in one process; peak RSS: the peak resident set size (Linux `VmHWM`) of a worker
  process that imports only that extractor and runs it over the corpus's pages (interpreter,
  libraries and the corpus's case list included). Cached peer results keep the figures of
  the run that made them.
- input: every extractor gets the same decompressed bytes and the page's URL; pressclip,
  trafilatura and htmldate take the bytes, newspaper4k, goose3 and readability-lxml (whose
  APIs take text) get them decoded first (BOM, else valid UTF-8, else the declared
  charset, else charset-normalizer), inside the timed call. No extractor may use the
  network (connections are refused and counted); image fetching and NLP are off.
- errors: pages where the extractor raised (or ran over the time limit); they score as empty.
- "—": the extractor does not give that field.
"""
