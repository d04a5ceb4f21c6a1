"""Unit tests of the benchmark's metric functions (``bench/metrics.py``) on tiny inputs.

Also a few checks of the harness plumbing that need no extractor: a failing
or network-hungry extractor yields an error and an empty record, not a crash.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # make ``bench`` importable when pytest runs from anywhere
    sys.path.insert(0, str(ROOT))

from bench import metrics as m  # noqa: E402
from bench.corpus import ENV_ROOT, Case, corpus_root, decode_html  # noqa: E402
from bench.peers import Peer, Record  # noqa: E402
from bench.runner import run_extractor  # noqa: E402

# ----------------------------------------------------------------------- body


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert m.tokens("Él dijo: ¡hola, 2024-mundo!") == ["Él", "dijo", "hola", "2024", "mundo"]
    assert m.tokens(None) == []


def test_shingles_count_repeats_and_keep_short_texts() -> None:
    sh = m.shingles("a b c d a b c d")
    assert sh[("a", "b", "c", "d")] == 2
    assert sum(sh.values()) == 5
    assert m.shingles("just two") == {("just", "two"): 1}
    assert m.shingles("") == {}


def test_identical_bodies_score_one() -> None:
    text = "The quick brown fox jumps over the lazy dog.\n\nA second paragraph here."
    assert m.body_score(text, text) == m.BodyScore(1.0, 1.0)


def test_disjoint_bodies_score_zero() -> None:
    score = m.body_score("one two three four five", "six seven eight nine ten")
    assert score == m.BodyScore(0.0, 0.0)
    assert score.f1 == 0.0


def test_both_empty_bodies_score_one() -> None:
    assert m.body_score("", "") == m.BodyScore(1.0, 1.0)
    assert m.body_score(None, "  ...  ") == m.BodyScore(1.0, 1.0)


def test_empty_prediction_has_no_precision_and_zero_recall() -> None:
    assert m.body_score("one two three four", "") == m.BodyScore(None, 0.0)
    assert m.body_score("", "one two three four") == m.BodyScore(0.0, None)


def test_partial_overlap_by_hand() -> None:
    # true shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x): 1 in common
    assert m.body_score("a b c d e", "a b c d x") == m.BodyScore(0.5, 0.5)
    # 6 tokens -> 3 true shingles; the 4-token prediction is one of them
    score = m.body_score("one two three four five six", "one two three four")
    assert score.precision == 1.0
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.5)


def test_shingles_are_a_multiset() -> None:
    # the truth repeats its only 4-gram twice among 5 shingles; a single copy recalls 1/5
    score = m.body_score("a b c d a b c d", "a b c d")
    assert score.precision == 1.0
    assert score.recall == pytest.approx(0.2)
    # a prediction repeating text gets no credit for the copy
    assert m.body_score("a b c d", "a b c d a b c d").precision == pytest.approx(0.2)


def test_body_tokens_are_case_sensitive_and_ignore_punctuation() -> None:
    assert m.body_score("The cat sat down", "the cat sat down").precision == 0.0
    assert m.body_score("The cat, sat down.", "The cat sat — down").precision == 1.0


def test_body_prf_averages_pages_then_takes_f1() -> None:
    scores = [m.BodyScore(1.0, 0.5), m.BodyScore(0.5, 1.0), m.BodyScore(None, 0.0)]
    prf = m.body_prf(scores)
    assert prf.precision == pytest.approx(0.75)  # the page with no prediction is left out
    assert prf.recall == pytest.approx(0.5)
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


# ---------------------------------------------------------------------- title


def test_title_normalisation_of_quotes_dashes_case_and_spaces() -> None:
    true = "Biden’s “Plan” – What It Means"
    assert m.title_correct(true, 'biden\'s "plan" - what it means')
    assert m.title_correct(true, "  BIDEN’S  “PLAN”\u00a0— what   it means ")
    assert m.title_correct("Ｆｕｌｌ width ２０２４", "Full width 2024")  # NFKC
    assert m.title_correct("Helikopter\u00adlandeplatz\u200b", "Helikopterlandeplatz")


def test_title_mismatch_and_missing() -> None:
    assert not m.title_correct("Mining blasts shatter homes", "Mining blasts shatter homes - Times")
    assert not m.title_correct("A title", None)
    assert not m.title_correct("A title", "")


# ----------------------------------------------------------------------- date


def test_date_outcomes() -> None:
    assert m.date_outcome("2024-05-01", "2024-05-01") == "tp"
    assert m.date_outcome("2024-05-01", "2024-05-01T23:10:00+02:00") == "tp"
    assert m.date_outcome("2024-05-01", "2024-05-02") == "fp"
    assert m.date_outcome("2024-05-01", None) == "fn"
    assert m.date_outcome("2024-05-01", "") == "fn"
    assert m.date_outcome(None, None) == "tn"
    assert m.date_outcome(None, "2024-05-01") == "fp"


def test_date_summary_counts_and_rates() -> None:
    outcomes: list[m.DateOutcome] = ["tp", "tp", "tp", "fp", "fn", "tn"]
    summary = m.date_summary(outcomes)
    assert (summary.tp, summary.fp, summary.fn, summary.tn) == (3, 1, 1, 1)
    assert summary.precision == pytest.approx(3 / 4)
    assert summary.recall == pytest.approx(3 / 4)
    assert summary.accuracy == pytest.approx(4 / 6)
    empty = m.date_summary([])
    assert empty.precision is None and empty.recall is None and empty.accuracy is None


# ------------------------------------------------------------------- datetime


def test_datetime_within_60_seconds_in_any_offset() -> None:
    true = "2026-05-25 16:38:12+00:00"
    assert m.datetime_correct(true, "2026-05-25T16:38:12+00:00")
    assert m.datetime_correct(true, "2026-05-25T18:39:12+02:00")  # same instant + 60 s
    assert m.datetime_correct(true, "2026-05-25T16:38:00Z")
    assert m.datetime_correct("2024-01-30 14:13:12.269000+00:00", "2024-01-30T14:13:12+00:00")


def test_datetime_outside_tolerance_or_without_offset_is_wrong() -> None:
    true = "2026-05-25 16:38:12+00:00"
    assert not m.datetime_correct(true, "2026-05-25T16:39:13+00:00")  # 61 s
    assert not m.datetime_correct(true, "2026-05-25T16:38:12")  # no offset
    assert not m.datetime_correct(true, "2026-05-25")  # day only
    assert not m.datetime_correct(true, None)
    assert not m.datetime_correct(true, "not a date")


def test_datetime_applies_only_to_truths_with_time_and_offset() -> None:
    assert m.datetime_applicable("2026-05-25 16:38:12+00:00")
    assert m.datetime_applicable("2024-04-28 10:00:00-04:00")
    assert not m.datetime_applicable("2026-05-25 16:38:12")
    assert not m.datetime_applicable("2026-05-25")
    assert not m.datetime_applicable(None)


# -------------------------------------------------------------------- authors


def test_authors_normalisation() -> None:
    assert m.normalize_author("  By   Jane\u00a0Doe ") == "jane doe"
    assert m.normalize_author("BY: Jane Doe") == "jane doe"
    assert m.normalize_author("Bysshe Shelley") == "bysshe shelley"  # not a "By" prefix
    assert m.authors_f1(["By Jane Doe"], ["jane doe"]) == 1.0


def test_authors_f1_partial_and_empty() -> None:
    assert m.authors_f1(["Jane Doe", "John Roe"], ["Jane Doe"]) == pytest.approx(2 / 3)
    assert m.authors_f1(["Jane Doe"], ["Jane Doe", "Desk"]) == pytest.approx(2 / 3)
    assert m.authors_f1([], []) is None
    assert m.authors_f1(None, ["  "]) is None
    assert m.authors_f1(["Jane Doe"], []) == 0.0
    assert m.authors_f1([], ["Jane Doe"]) == 0.0
    assert m.mean([1.0, None, 0.0]) == 0.5


# ------------------------------------------------------------------- captions


def test_word_f1() -> None:
    assert m.word_f1("A poster of MEK leaders.", "a poster of mek leaders") == 1.0
    assert m.word_f1("a b c d e", "a b c d") == pytest.approx(2 * 0.8 / 1.8)
    assert m.word_f1("", "") == 1.0
    assert m.word_f1("a", "") == 0.0


def test_caption_recall_threshold() -> None:
    true = ["one two three four five"]
    assert m.caption_recall(true, ["one two three four"]) == 1.0  # F1 0.889
    assert m.caption_recall(true, ["one two three"]) == 0.0  # F1 0.75
    assert m.caption_recall(true, ["one two three four five six seven"]) == 1.0  # F1 0.833
    assert m.caption_recall(true, ["one two three four five six seven eight"]) == 0.0  # 0.769
    assert m.caption_recall(true, []) == 0.0
    assert m.caption_recall(true, None) == 0.0
    assert m.caption_recall([], ["anything"]) is None
    two = ["Alpha beta gamma delta", "Epsilon zeta eta theta"]
    assert m.caption_recall(two, ["alpha beta gamma delta (AFP)"]) == 0.5


def test_caption_occurrences_and_duplication() -> None:
    caption = "A poster of MEK leader Maryam Rajavi at Ashraf Camp."
    body_once = f"First paragraph.\n\n{caption}\n\nLast paragraph."
    body_twice = body_once + "\n\n" + caption.upper().replace(" ", "\n ")
    assert m.caption_occurrences(caption, body_once) == 1
    assert m.caption_occurrences(caption, body_twice) == 2
    assert m.caption_occurrences(caption, None) == 0
    assert not m.caption_duplicated([caption], body_once)
    assert m.caption_duplicated([caption], body_twice)
    assert not m.caption_duplicated([caption], body_twice, limit=2)
    # too short to mean anything when it recurs
    assert not m.caption_duplicated(["Donald Trump"], "Donald Trump said Donald Trump")
    assert m.rate([True, False, None, False]) == pytest.approx(1 / 3)
    assert m.rate([]) is None


def test_median() -> None:
    assert m.median([3.0, 1.0, 2.0]) == 2.0
    assert m.median([]) is None


# ---------------------------------------------------------- harness plumbing


def test_corpus_root_is_overridable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_ROOT, str(tmp_path))
    assert corpus_root() == tmp_path.resolve()
    monkeypatch.delenv(ENV_ROOT)
    assert corpus_root() == ROOT.parent / "shared" / "bench"


def test_decode_prefers_valid_utf8_over_a_stale_meta_charset() -> None:
    page = '<meta charset="iso-8859-1"><p>für</p>'.encode()
    assert "für" in decode_html(page)
    latin = '<meta charset="iso-8859-1"><p>für</p>'.encode("latin-1")
    assert "für" in decode_html(latin)
    assert decode_html(b"<p>a\x00b\x0bc\td</p>") == "<p>abc\td</p>"


def test_record_fields_are_coerced_to_declared_types() -> None:
    record = Record(title=1, authors=[["A"], "", {"name": "B"}], captions=("c",))  # type: ignore[arg-type, list-item]
    coerced = record.coerced()
    assert coerced.title == "1"
    assert coerced.authors == ["A", "B"]
    assert coerced.captions == ["c"]


def _fake_peer(run: object) -> Peer:
    return Peer("fake", "fake", frozenset({"title"}), lambda: run)  # type: ignore[arg-type, return-value]


def _case(tmp_path: Path) -> Case:
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><title>T</title></html>")
    return Case(corpus="test", id="p1", url="https://example.com/a", html_path=path, title="T")


def test_extractor_exception_is_an_error_with_empty_record(tmp_path: Path) -> None:
    def boom(html: bytes, url: str | None) -> Record:
        raise RuntimeError("broken\nextractor")

    (result,) = run_extractor(_fake_peer(boom), [_case(tmp_path)])
    assert result.error == "RuntimeError: broken extractor"
    assert result.record == Record()


def test_extractor_gets_bytes_and_url(tmp_path: Path) -> None:
    def echo(html: bytes, url: str | None) -> Record:
        assert isinstance(html, bytes)
        return Record(title=url)

    (result,) = run_extractor(_fake_peer(echo), [_case(tmp_path)])
    assert result.error is None
    assert result.record.title == "https://example.com/a"
    assert result.seconds >= 0


def test_network_is_blocked_and_counted(tmp_path: Path) -> None:
    def fetch(html: bytes, url: str | None) -> Record:
        socket.create_connection(("example.com", 80), timeout=1)
        return Record(title="fetched")

    (result,) = run_extractor(_fake_peer(fetch), [_case(tmp_path)])
    assert result.error is not None and "NetworkBlocked" in result.error
    assert result.net_attempts >= 1
    assert socket.getaddrinfo is not None and socket.getaddrinfo.__module__ == "socket"
