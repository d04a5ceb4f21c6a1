"""Command line: ``python -m bench`` (tables), ``misses``, ``score``.

Examples, from the repository root::

    python -m bench --limit 20
    python -m bench --corpus fundus --peers pressclip,trafilatura
    python -m bench --write                      # also writes bench/RESULTS.md
    python -m bench misses --field date --corpus fundus
    python -m bench score --corpus fundus zyte   # pressclip only, JSON
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.corpus import CORPORA, Case, load_cases
from bench.peers import PEERS, Peer
from bench.runner import DEFAULT_TIMEOUT, PageResult, collect, worker_main
from bench.scoring import summarize, truth_fields

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"


def _csv_list(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    if not values:
        return list(allowed)
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise SystemExit(f"unknown {what}: {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return list(dict.fromkeys(items))


def _add_common(parser: argparse.ArgumentParser, corpus_default: str | None = None) -> None:
    parser.add_argument(
        "--corpus",
        nargs="+",
        action="extend",
        metavar="NAME",
        help=f"corpora to use ({', '.join(CORPORA)}); default: " + (corpus_default or "all"),
    )
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds per page before it counts as an error (default %(default)s)",
    )


def _relevant(peer: Peer, truth: set[str]) -> bool:
    """Whether the peer gives anything this corpus measures."""
    if peer.fields & truth:
        return True
    return "body" in peer.fields and bool(truth & {"captions", "absent"})


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _error_note(name: str, results: dict[str, PageResult]) -> str | None:
    errors = Counter(r.error for r in results.values() if r.error)
    if not errors:
        return None
    text, count = errors.most_common(1)[0]
    return f"{name}: {sum(errors.values())} errors, most often ({count}x) {text}"


def run_corpus(
    corpus: str, peers: list[str], args: argparse.Namespace
) -> tuple[list[Case], dict[str, dict[str, Any]], list[str]]:
    """Run the chosen extractors over one corpus: cases, summaries by extractor, notes."""
    cases = load_cases(corpus, args.limit)
    truth = truth_fields(cases)
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for name in peers:
        peer = PEERS[name]
        if not _relevant(peer, truth):
            continue
        start = time.perf_counter()
        results, cached = collect(
            peer,
            corpus,
            cases,
            use_cache=not args.no_cache,
            in_process=args.in_process,
            timeout=args.timeout,
        )
        rows[name] = summarize(cases, results, peer.fields)
        took = time.perf_counter() - start
        _progress(f"[{corpus}] {name}: {len(cases)} pages ({cached} cached) in {took:.1f} s")
        note = _error_note(name, results)
        if note:
            notes.append(note)
        if rows[name]["net_attempts"]:
            notes.append(f"{name}: {rows[name]['net_attempts']} network attempts blocked")
        if cached:
            notes.append(f"{name}: {cached} of {len(cases)} pages from the cache")
    return cases, rows, notes


def bench_command(argv: list[str]) -> int:
    from bench import report

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    _add_common(parser)
    parser.add_argument(
        "--peers",
        action="append",
        metavar="A,B",
        help=f"extractors, comma-separated ({', '.join(PEERS)}); default: all",
    )
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS_FILE.name}")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="re-run the peers instead of reading bench/out/cache (the cache is refreshed)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run extractors in this process (no peak memory figure, no cache)",
    )
    args = parser.parse_args(argv)
    corpora = _csv_list(args.corpus, CORPORA, "corpus")
    peers = _csv_list(args.peers, list(PEERS), "extractor")

    sections: list[str] = []
    figures: dict[str, Any] = {}
    for corpus in corpora:
        cases, rows, notes = run_corpus(corpus, peers, args)
        truth = truth_fields(cases)
        section = [f"### {corpus} ({len(cases)} pages)", "", report.table(rows, truth)]
        extra = [line for line in [report.date_counts_line(rows), *notes] if line]
        if extra:
            section += ["", *(f"- {line}" for line in extra)]
        sections.append("\n".join(section))
        figures[corpus] = rows
        print(sections[-1] + "\n", flush=True)

    env = ["Versions: " + "; ".join(report.versions(peers)), f"Date: {report.now_utc()}"]
    print("\n".join(env))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    if args.write:
        command = "python -m bench" + (" " + shlex.join(argv) if argv else "")
        _write_results(sections, report.versions(peers), report.now_utc(), command)
        print(f"wrote {RESULTS_FILE}")
    return 0


def _write_results(sections: list[str], versions: list[str], when: str, command: str) -> None:
    from bench import report

    text = [
        "# Benchmark results",
        "",
        f"Measured {when} with `{command}` (from the repository root).",
        "",
        "Versions:",
        "",
        *(f"- {v}" for v in versions),
        "",
        *(s + "\n" for s in sections),
        report.NOTES,
    ]
    RESULTS_FILE.write_text("\n".join(text).rstrip() + "\n", encoding="utf-8")


def misses_command(argv: list[str]) -> int:
    from bench.misses import FIELD_NAMES, find_misses

    parser = argparse.ArgumentParser(
        prog="python -m bench misses", description="pages where pressclip gets a field wrong"
    )
    parser.add_argument("--field", required=True, choices=FIELD_NAMES)
    _add_common(parser, corpus_default="every corpus that annotates the field")
    parser.add_argument("--peer", default="pressclip", choices=list(PEERS), help="extractor")
    parser.add_argument("--top", type=int, default=50, help="show at most N pages (default 50)")
    parser.add_argument(
        "--below", type=float, default=1.0, help="body: list pages with F1 below this"
    )
    args = parser.parse_args(argv)
    peer = PEERS[args.peer]
    for corpus in _csv_list(args.corpus, CORPORA, "corpus"):
        cases = load_cases(corpus, args.limit)
        if args.field not in truth_fields(cases):
            if args.corpus:
                print(f"## {corpus}: {args.field} is not annotated\n")
            continue
        results, _ = collect(peer, corpus, cases, in_process=True, timeout=args.timeout)
        misses = find_misses(args.field, cases, results, args.below)
        print(f"## {corpus}: {peer.name} {args.field} wrong on {len(misses)} of {len(cases)} pages")
        for miss in misses[: args.top]:
            print(miss.render())
        if len(misses) > args.top:
            print(f"… {len(misses) - args.top} more (use --top)")
        print()
    return 0


def score_command(argv: list[str]) -> int:
    from bench import score_pressclip

    parser = argparse.ArgumentParser(
        prog="python -m bench score", description="pressclip's figures as JSON (no peers)"
    )
    _add_common(parser)
    args = parser.parse_args(argv)
    out = {
        c: score_pressclip(c, args.limit, args.timeout)
        for c in _csv_list(args.corpus, CORPORA, "corpus")
    }
    print(json.dumps(out, indent=1, default=str))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"_worker": worker_main, "misses": misses_command, "score": score_command}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return bench_command(argv)


if __name__ == "__main__":
    sys.exit(main())
