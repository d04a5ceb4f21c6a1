"""Scoring extractor records against a corpus's truth, per page and per corpus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bench import metrics as m
from bench.corpus import Case
from bench.runner import PageResult


@dataclass(frozen=True)
class PageScores:
    """One extractor's scores on one page; ``None`` where the metric does not apply."""

    body: m.BodyScore | None = None
    title: bool | None = None
    date: m.DateOutcome | None = None
    datetime: bool | None = None
    authors: float | None = None
    captions: float | None = None
    caption_dup: bool | None = None
    absent_leaked: int | None = None


def truth_fields(cases: Iterable[Case]) -> set[str]:
    """The fields annotated on at least one case (these are the corpus's metrics)."""
    fields: set[str] = set()
    for case in cases:
        if case.body is not None:
            fields.add("body")
        if case.title:
            fields.add("title")
        if case.date_expected is not None:
            fields.add("date")
        if m.datetime_applicable(case.datetime):
            fields.add("datetime")
        if case.authors is not None:
            fields.add("authors")
        if case.captions:
            fields.add("captions")
        if case.absent:
            fields.add("absent")
    return fields


def _date_truth(case: Case) -> str | None:
    return case.date if case.date_expected else None


def score_page(case: Case, result: PageResult, fields: frozenset[str]) -> PageScores:
    """Score one record; ``fields`` are those the extractor gives."""
    rec = result.record
    has_body = "body" in fields
    return PageScores(
        body=m.body_score(case.body, rec.body) if has_body and case.body is not None else None,
        title=m.title_correct(case.title, rec.title) if "title" in fields and case.title else None,
        date=(
            m.date_outcome(_date_truth(case), rec.date)
            if "date" in fields and case.date_expected is not None
            else None
        ),
        datetime=(
            m.datetime_correct(case.datetime, rec.date)
            if "datetime" in fields and case.datetime and m.datetime_applicable(case.datetime)
            else None
        ),
        authors=(
            m.authors_f1(case.authors, rec.authors)
            if "authors" in fields and case.authors is not None
            else None
        ),
        captions=(
            m.caption_recall(case.captions, rec.captions)
            if "captions" in fields and case.captions
            else None
        ),
        caption_dup=_caption_dup(case, rec.body) if has_body and case.captions else None,
        absent_leaked=(
            sum(1 for s in case.absent if s.casefold() in (rec.body or "").casefold())
            if has_body and case.absent
            else None
        ),
    )


def _caption_dup(case: Case, body: str | None) -> bool:
    limit = case.max_caption_occurrences if case.max_caption_occurrences is not None else 1
    return m.caption_duplicated(case.captions, body, limit=max(limit, 1))


def summarize(
    cases: list[Case], results: Mapping[str, PageResult], fields: frozenset[str]
) -> dict[str, Any]:
    """Corpus-level figures for one extractor over ``cases``."""
    pages = [(c, results[c.id]) for c in cases if c.id in results]
    scores = [score_page(c, r, fields) for c, r in pages]
    seconds = [r.seconds for _, r in pages]
    rss = [r.peak_rss_kib for _, r in pages if r.peak_rss_kib]
    out: dict[str, Any] = {
        "pages": len(pages),
        "errors": sum(1 for _, r in pages if r.error),
        "median_ms": (m.median(seconds) or 0.0) * 1000 if seconds else None,
        "total_s": sum(seconds) if seconds else None,
        "peak_rss_mib": max(rss) / 1024 if rss else None,
        "net_attempts": sum(r.net_attempts for _, r in pages),
    }
    body = [s.body for s in scores if s.body is not None]
    if body:
        prf = m.body_prf(body)
        out.update(body_p=prf.precision, body_r=prf.recall, body_f1=prf.f1)
    if any(s.title is not None for s in scores):
        out["title_acc"] = m.rate(s.title for s in scores)
    outcomes = [s.date for s in scores if s.date is not None]
    if outcomes:
        summary = m.date_summary(outcomes)
        out.update(
            date_p=summary.precision,
            date_r=summary.recall,
            date_acc=summary.accuracy,
            date_counts=(summary.tp, summary.fp, summary.fn, summary.tn),
        )
    if any(s.datetime is not None for s in scores):
        out["datetime_acc"] = m.rate(s.datetime for s in scores)
    if any(s.authors is not None for s in scores):
        out["authors_f1"] = m.mean(s.authors for s in scores)
    if any(s.captions is not None for s in scores):
        out["caption_recall"] = m.mean(s.captions for s in scores)
    if any(s.caption_dup is not None for s in scores):
        out["caption_dup"] = m.rate(s.caption_dup for s in scores)
    leaked = [s.absent_leaked for s in scores if s.absent_leaked is not None]
    if leaked:
        out["absent_leaked"] = sum(leaked)
    return out
