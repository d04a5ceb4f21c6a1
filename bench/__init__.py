"""pressclip's benchmark against peer extractors on annotated corpora.

Run ``python -m bench --help`` from the repository root. ``bench.metrics`` holds
the pure metric functions; :func:`score_pressclip` is for regression tests.
Heavy modules are imported only when a function needs them.
"""

from __future__ import annotations

from typing import Any


def score_pressclip(
    corpus: str, limit: int | None = None, timeout: float | None = 120.0
) -> dict[str, Any]:
    """pressclip's corpus-level figures on one corpus, run in this process (no peers).

    Keys include ``pages``, ``errors``, and per the corpus ``body_p``/``body_r``/
    ``body_f1``, ``title_acc``, ``date_p``/``date_r``/``date_acc``, ``datetime_acc``,
    ``authors_f1``, ``caption_recall``, ``caption_dup``, ``absent_leaked``.
    """
    from bench.corpus import load_cases
    from bench.peers import PEERS
    from bench.runner import collect
    from bench.scoring import summarize

    peer = PEERS["pressclip"]
    cases = load_cases(corpus, limit)
    results, _ = collect(peer, corpus, cases, use_cache=False, in_process=True, timeout=timeout)
    return summarize(cases, results, peer.fields)


__all__ = ["score_pressclip"]
