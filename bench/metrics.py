"""Pure metric functions, as defined in the corpora's README.

No extractor is imported here: these functions take strings and lists only.

Body
    Tokens are ``re.findall(r"\\w+", text)`` on the text as given (no case
    folding: this is what scrapinghub's ``evaluate.py`` does, and what reproduces
    the published trafilatura 2.3.1 figure on the zyte corpus). Shingles are runs
    of 4 tokens counted as a multiset; a text of 1 to 3 tokens is one shorter
    shingle. Per page, precision = |pred ∩ true| / |pred| and recall =
    |pred ∩ true| / |true|; both are 1.0 when both texts are empty. When only
    the prediction is empty, precision is undefined and the page is left out of
    the precision mean (its recall, 0, still counts); symmetrically when only
    the truth is empty. The corpus figure is the F1 of the mean precision and
    the mean recall.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

SHINGLE = 4
CAPTION_MATCH_F1 = 0.8
DATETIME_TOLERANCE = timedelta(seconds=60)
DUPLICATE_CAPTION_MIN_CHARS = 20
"""Captions shorter than this (normalised) are not used for the duplication
check: a caption such as "Donald Trump" occurs in a body for good reasons."""

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
    }
)
_LEADING_BY = re.compile(r"^by\b[\s:]*", re.IGNORECASE)


# --------------------------------------------------------------------------- body


def tokens(text: str | None) -> list[str]:
    """Word tokens: Unicode ``\\w+`` runs, case preserved."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles (one short shingle for a short text)."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class BodyScore:
    """One page's shingle precision and recall; ``None`` where undefined."""

    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float:
        """The page's own F1 (undefined parts count as 0), for ranking pages."""
        return f1_score(self.precision or 0.0, self.recall or 0.0)


def body_score(true: str | None, pred: str | None) -> BodyScore:
    """Shingle precision and recall of ``pred`` against ``true`` for one page."""
    true_sh = shingles(true)
    pred_sh = shingles(pred)
    n_true = sum(true_sh.values())
    n_pred = sum(pred_sh.values())
    if n_true == 0 and n_pred == 0:
        return BodyScore(1.0, 1.0)
    common = sum((true_sh & pred_sh).values())
    precision = common / n_pred if n_pred else None
    recall = common / n_true if n_true else None
    return BodyScore(precision, recall)


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


@dataclass(frozen=True)
class PRF:
    """Corpus-level precision, recall and F1."""

    precision: float | None
    recall: float | None
    f1: float | None


def body_prf(scores: Iterable[BodyScore]) -> PRF:
    """Mean precision, mean recall over pages, and the F1 of those two means."""
    scores = list(scores)
    precision = _mean(s.precision for s in scores)
    recall = _mean(s.recall for s in scores)
    if precision is None or recall is None:
        return PRF(precision, recall, None)
    return PRF(precision, recall, f1_score(precision, recall))


# -------------------------------------------------------------------------- title


def _drop_invisible(text: str) -> str:
    """Remove format characters (soft hyphen, zero-width space/joiners, BOM)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def normalize_text(text: str) -> str:
    """NFKC, curly quotes and en/em dashes to ASCII, case-folded, white space collapsed.

    Invisible format characters (soft hyphens, zero-width spaces) are removed too.
    """
    text = unicodedata.normalize("NFKC", _drop_invisible(text)).translate(_PUNCT_MAP)
    return _SPACE.sub(" ", text.casefold()).strip()


def title_correct(true: str, pred: str | None) -> bool:
    """Exact match after :func:`normalize_text`; a missing title is wrong."""
    return pred is not None and normalize_text(pred) == normalize_text(true)


# --------------------------------------------------------------------------- date

DateOutcome = Literal["tp", "fp", "fn", "tn"]


def day_of(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` part of an ISO date or date-time (``None`` if empty)."""
    if not value:
        return None
    value = value.strip()
    return value[:10] or None


def date_outcome(true_day: str | None, pred: str | None) -> DateOutcome:
    """Classify one page. ``true_day`` is ``None`` when the page has no date."""
    pred_day = day_of(pred)
    if true_day is None:
        return "tn" if pred_day is None else "fp"
    if pred_day is None:
        return "fn"
    return "tp" if pred_day == true_day[:10] else "fp"


@dataclass(frozen=True)
class DateSummary:
    """Counts and rates over pages: precision, recall, accuracy = (tp + tn) / all."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    @property
    def accuracy(self) -> float | None:
        return (self.tp + self.tn) / self.total if self.total else None


def date_summary(outcomes: Iterable[DateOutcome]) -> DateSummary:
    """Tally outcomes from :func:`date_outcome`."""
    counts = Counter(outcomes)
    return DateSummary(counts["tp"], counts["fp"], counts["fn"], counts["tn"])


# ----------------------------------------------------------------------- datetime


def parse_datetime(value: str | None) -> datetime | None:
    """Parse an ISO 8601 date-time (``T`` or space, optional fraction, ``Z``)."""
    if not value:
        return None
    text = value.strip()
    if len(text) <= 10:  # a day alone is not an instant
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def has_offset(moment: datetime | None) -> bool:
    """Whether a parsed date-time carries a UTC offset."""
    return moment is not None and moment.utcoffset() is not None


def datetime_applicable(true: str | None) -> bool:
    """Whether a truth value takes part in the datetime metric (a time and an offset)."""
    return has_offset(parse_datetime(true))


def datetime_correct(
    true: str, pred: str | None, tolerance: timedelta = DATETIME_TOLERANCE
) -> bool:
    """The prediction has an offset and is within ``tolerance`` of the true instant."""
    truth = parse_datetime(true)
    found = parse_datetime(pred)
    if truth is None or not has_offset(truth) or found is None or not has_offset(found):
        return False
    return abs(found - truth) <= tolerance


# ------------------------------------------------------------------------ authors


def normalize_author(name: str) -> str:
    """Case-folded, white space collapsed, a leading "By" removed."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip()
    text = _LEADING_BY.sub("", text)
    return text.casefold().strip()


def _author_set(names: Iterable[str] | None) -> set[str]:
    return {n for n in (normalize_author(name) for name in names or ()) if n}


def authors_f1(true: Iterable[str] | None, pred: Iterable[str] | None) -> float | None:
    """F1 of the two normalised name sets; ``None`` when both are empty."""
    true_set = _author_set(true)
    pred_set = _author_set(pred)
    if not true_set and not pred_set:
        return None
    if not true_set or not pred_set:
        return 0.0
    common = len(true_set & pred_set)
    return f1_score(common / len(pred_set), common / len(true_set))


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not ``None`` (``None`` if there are none)."""
    return _mean(values)


# ----------------------------------------------------------------------- captions


def word_f1(a: str, b: str) -> float:
    """F1 of the two case-folded ``\\w+`` token multisets (1.0 if both are empty)."""
    ta = Counter(t.casefold() for t in tokens(a))
    tb = Counter(t.casefold() for t in tokens(b))
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    common = sum((ta & tb).values())
    return f1_score(common / sum(tb.values()), common / sum(ta.values()))


def caption_recall(
    true: Sequence[str] | None,
    pred: Iterable[str] | None,
    threshold: float = CAPTION_MATCH_F1,
) -> float | None:
    """Share of true captions matched by a found caption with word F1 >= threshold.

    ``None`` when the page has no true caption.
    """
    wanted = [c for c in true or () if c and c.strip()]
    if not wanted:
        return None
    found = [c for c in pred or () if c and c.strip()]
    hits = sum(1 for c in wanted if any(word_f1(c, p) >= threshold for p in found))
    return hits / len(wanted)


def caption_occurrences(caption: str, body: str | None) -> int:
    """How often the normalised caption occurs in the normalised body."""
    needle = normalize_text(caption)
    if not needle or not body:
        return 0
    return normalize_text(body).count(needle)


def caption_duplicated(
    true: Sequence[str] | None,
    body: str | None,
    min_chars: int = DUPLICATE_CAPTION_MIN_CHARS,
    limit: int = 1,
) -> bool:
    """Whether a true caption (of at least ``min_chars``) occurs more than ``limit`` times."""
    for caption in true or ():
        if len(normalize_text(caption)) >= min_chars and caption_occurrences(caption, body) > limit:
            return True
    return False


def rate(flags: Iterable[bool | None]) -> float | None:
    """Share of true flags among those that are not ``None``."""
    present = [bool(f) for f in flags if f is not None]
    return sum(present) / len(present) if present else None


def median(values: Sequence[float]) -> float | None:
    """The median, or ``None`` for no values."""
    return statistics.median(values) if values else None
