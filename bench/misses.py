"""``python -m bench misses``: the pages where an extractor gets a field wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from bench import metrics as m
from bench.corpus import Case
from bench.runner import PageResult

FIELD_NAMES = ("title", "date", "datetime", "authors", "body", "captions")
EXCERPT = 160


@dataclass(frozen=True)
class Miss:
    """One wrong page: ``badness`` sorts worst first."""

    case: Case
    badness: float
    lines: tuple[str, ...]

    def render(self) -> str:
        head = f"{self.case.id}  {self.case.url or '(no url)'}"
        return "\n".join([head, *("    " + line for line in self.lines)])


def _short(text: str | None, limit: int = EXCERPT) -> str:
    if text is None:
        return "None"
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _error_line(result: PageResult) -> tuple[str, ...]:
    return (f"error: {result.error}",) if result.error else ()


def title_miss(case: Case, result: PageResult) -> Miss | None:
    if not case.title or m.title_correct(case.title, result.record.title):
        return None
    found = result.record.title
    badness = 1.0 - (m.word_f1(case.title, found) if found else 0.0)
    lines = (f"expected {_short(case.title)}", f"found    {_short(found)}")
    return Miss(case, badness, lines + _error_line(result))


def _day_distance(true_day: str | None, found_day: str | None) -> float:
    if true_day is None or found_day is None:
        return 1e9
    try:
        return abs((date.fromisoformat(true_day) - date.fromisoformat(found_day)).days)
    except ValueError:
        return 1e9


def date_miss(case: Case, result: PageResult) -> Miss | None:
    if case.date_expected is None:
        return None
    true_day = case.date if case.date_expected else None
    outcome = m.date_outcome(true_day, result.record.date)
    if outcome in ("tp", "tn"):
        return None
    found = result.record.date
    badness = _day_distance(true_day, m.day_of(found))
    lines = (f"{outcome}: expected {true_day or 'no date'}, found {found or 'None'}",)
    return Miss(case, badness, lines + _error_line(result))


def datetime_miss(case: Case, result: PageResult) -> Miss | None:
    if not m.datetime_applicable(case.datetime) or case.datetime is None:
        return None
    found = result.record.date
    if m.datetime_correct(case.datetime, found):
        return None
    truth = m.parse_datetime(case.datetime)
    moment = m.parse_datetime(found)
    if truth is not None and moment is not None and m.has_offset(moment):
        delta = abs((moment - truth).total_seconds())
        why = f"off by {delta:.0f} s"
    elif moment is not None:
        delta, why = 1e9, "no offset"
    else:
        delta, why = 2e9, "no time" if found else "none found"
    lines = (f"expected {case.datetime}, found {found or 'None'} ({why})",)
    return Miss(case, delta, lines + _error_line(result))


def authors_miss(case: Case, result: PageResult) -> Miss | None:
    score = m.authors_f1(case.authors, result.record.authors)
    if score is None or score >= 1.0:
        return None
    lines = (
        f"F1 {score:.2f}",
        f"expected {list(case.authors or [])}",
        f"found    {result.record.authors}",
    )
    return Miss(case, 1.0 - score, lines + _error_line(result))


def _uncovered(paragraphs_of: str | None, other: str | None, limit: int = 3) -> list[str]:
    """Paragraphs of one text whose shingles are mostly absent from the other."""
    other_sh = m.shingles(other)
    out: list[str] = []
    for para in (paragraphs_of or "").split("\n\n"):
        sh = m.shingles(para)
        total = sum(sh.values())
        if total and sum((sh & other_sh).values()) / total < 0.5:
            out.append(para)
    shown = [_short(p, 120) for p in out[:limit]]
    if len(out) > limit:
        shown.append(f"… and {len(out) - limit} more")
    return shown


def body_miss(case: Case, result: PageResult, below: float = 1.0) -> Miss | None:
    if case.body is None:
        return None
    score = m.body_score(case.body, result.record.body)
    if score.f1 >= below:
        return None
    p = "—" if score.precision is None else f"{score.precision:.3f}"
    r = "—" if score.recall is None else f"{score.recall:.3f}"
    lines = [f"F1 {score.f1:.3f}  P {p}  R {r}"]
    missing = _uncovered(case.body, result.record.body)
    extra = _uncovered(result.record.body, case.body)
    lines += [f"missing: {x}" for x in missing]
    lines += [f"extra:   {x}" for x in extra]
    return Miss(case, 1.0 - score.f1, tuple(lines) + _error_line(result))


def captions_miss(case: Case, result: PageResult) -> Miss | None:
    if not case.captions:
        return None
    recall = m.caption_recall(case.captions, result.record.captions)
    body = result.record.body
    dups = {c: n for c in case.captions if (n := m.caption_occurrences(c, body)) > 1}
    if (recall is None or recall >= 1.0) and not dups:
        return None
    found = result.record.captions or []
    lines = [f"recall {recall:.2f}" if recall is not None else "recall —"]
    for caption in case.captions:
        if not any(m.word_f1(caption, f) >= m.CAPTION_MATCH_F1 for f in found):
            lines.append(f"not found: {_short(caption, 120)}")
    counts = Counter(found)
    lines += [f"found:     {_short(f, 120)}" for f in counts]
    lines += [f"in body {n}x: {_short(c, 100)}" for c, n in dups.items()]
    badness = (1.0 - (recall or 0.0)) + (0.5 if dups else 0.0)
    return Miss(case, badness, tuple(lines) + _error_line(result))


def find_misses(
    field: str, cases: list[Case], results: dict[str, PageResult], below: float = 1.0
) -> list[Miss]:
    """Wrong pages for ``field``, worst first."""
    found: list[Miss] = []
    for case in cases:
        result = results.get(case.id)
        if result is None:
            continue
        if field == "body":
            miss = body_miss(case, result, below)
        else:
            miss = {
                "title": title_miss,
                "date": date_miss,
                "datetime": datetime_miss,
                "authors": authors_miss,
                "captions": captions_miss,
            }[field](case, result)
        if miss is not None:
            found.append(miss)
    return sorted(found, key=lambda x: -x.badness)
