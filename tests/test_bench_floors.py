"""Regression gate: pressclip's accuracy on ``../shared/bench`` may not fall below these floors.

The floors are figures pressclip has reached (``python -m bench score``), less a
small margin; they are raised as the extractor improves and never lowered.
Accuracy only: timing belongs in the benchmark, not in pass/fail tests.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # make ``bench`` importable when pytest runs from anywhere
    sys.path.insert(0, str(ROOT))

from bench import score_pressclip  # noqa: E402
from bench.corpus import corpus_root  # noqa: E402

# (corpus, metric, floor); "caption_dup" is a ceiling.
FLOORS = [
    ("seed", "body_f1", 1.0),
    ("seed", "title_acc", 1.0),
    ("seed", "date_acc", 1.0),
    ("seed", "datetime_acc", 1.0),
    ("seed", "caption_recall", 1.0),
    ("zyte", "body_f1", 0.972),
    ("fundus", "body_f1", 0.959),
    ("fundus", "title_acc", 0.905),
    ("fundus", "date_acc", 0.980),
    ("fundus", "datetime_acc", 0.990),
    ("fundus", "authors_f1", 0.915),
    ("fundus", "caption_recall", 0.920),
    ("htmldate", "date_acc", 0.930),
]
CEILINGS = [
    ("seed", "absent_leaked", 0),
    ("seed", "caption_dup", 0.0),
    ("fundus", "caption_dup", 0.0),
]

pytestmark = pytest.mark.skipif(
    not (corpus_root() / "fundus" / "cases.jsonl").exists(),
    reason=f"benchmark corpora not found at {corpus_root()}",
)


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, Any]]:
    corpora = {corpus for corpus, _, _ in FLOORS + CEILINGS}
    return {corpus: score_pressclip(corpus) for corpus in sorted(corpora)}


@pytest.mark.parametrize(("corpus", "metric", "floor"), FLOORS)
def test_accuracy_floor(
    figures: dict[str, dict[str, Any]], corpus: str, metric: str, floor: float
) -> None:
    assert figures[corpus][metric] >= floor


@pytest.mark.parametrize(("corpus", "metric", "ceiling"), CEILINGS)
def test_error_ceiling(
    figures: dict[str, dict[str, Any]], corpus: str, metric: str, ceiling: float
) -> None:
    assert figures[corpus][metric] <= ceiling


def test_every_page_is_extracted_without_crashing(figures: dict[str, dict[str, Any]]) -> None:
    """Only pages with no article at all may fail (NoArticleError), a handful per corpus."""
    assert figures["zyte"]["errors"] == 0
    assert figures["fundus"]["errors"] <= 1
    assert figures["htmldate"]["errors"] <= 9
