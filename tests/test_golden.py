"""Golden files: pressclip's Markdown for real bench pages, as reviewed against their HTML.

Regenerate with ``python tests/golden/regen.py`` (shows the diff; ``--accept`` writes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
if str(GOLDEN) not in sys.path:
    sys.path.insert(0, str(GOLDEN))

from bench.corpus import corpus_root  # noqa: E402
from regen import PAGES, case_of, golden_path, render  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (corpus_root() / "fundus" / "cases.jsonl").exists(),
    reason=f"benchmark corpora not found at {corpus_root()}",
)


@pytest.mark.parametrize(("corpus", "page_id"), [(c, i) for c, i, _ in PAGES], ids=lambda v: v)
def test_golden_file(corpus: str, page_id: str) -> None:
    expected = golden_path(corpus, page_id).read_text(encoding="utf-8")
    assert render(case_of(corpus, page_id)) == expected


def test_golden_pages_are_varied_and_each_has_a_file() -> None:
    assert len(PAGES) >= 12
    assert len({(c, i) for c, i, _ in PAGES}) == len(PAGES)
    assert all(golden_path(c, i).exists() for c, i, _ in PAGES)
