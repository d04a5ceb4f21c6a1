"""Running extractors over cases: in-process, one page at a time.

Each page's bytes are read and decompressed once, then handed to the extractor
unchanged. Only the extractor call is timed. Any exception (or a page taking
longer than the timeout) counts as an error and an empty record. The network
is blocked while extractors run; attempts are counted.

``python -m bench`` runs each extractor in a worker process of its own (this
module's :func:`worker_main`), so that its peak resident memory is its own;
``score_pressclip`` and ``misses`` run pressclip in the calling process.
Results of peers (not pressclip) are cached under ``bench/out/cache``, keyed by
the peer's version, the adapter's source and each page's content hash.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import Case, load_cases, page_digest
from bench.peers import PEERS, Peer, Record

OUT_DIR = Path(__file__).resolve().parent / "out"
CACHE_DIR = OUT_DIR / "cache"
DEFAULT_TIMEOUT = 120.0
WORKER_FAILED = "worker exited"


@dataclass(frozen=True)
class PageResult:
    """One extractor on one page."""

    id: str
    digest: str
    record: Record
    seconds: float
    error: str | None = None
    peak_rss_kib: int | None = None
    """The process's peak resident set size after this page (monotonic)."""
    net_attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "digest": self.digest,
            "record": self.record.to_json(),
            "seconds": self.seconds,
            "error": self.error,
            "peak_rss_kib": self.peak_rss_kib,
            "net_attempts": self.net_attempts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageResult:
        return cls(
            id=data["id"],
            digest=data["digest"],
            record=Record.from_json(data.get("record")),
            seconds=float(data["seconds"]),
            error=data.get("error"),
            peak_rss_kib=data.get("peak_rss_kib"),
            net_attempts=int(data.get("net_attempts") or 0),
        )


# ------------------------------------------------------------------ safeguards


class NetworkBlocked(OSError):
    """Raised when an extractor tries to open a network connection."""


class _NetGuard:
    def __init__(self) -> None:
        self.attempts = 0

    def refuse(self, *args: Any, **kwargs: Any) -> Any:
        self.attempts += 1
        raise NetworkBlocked("network access is disabled in the benchmark")


@contextlib.contextmanager
def no_network() -> Iterator[_NetGuard]:
    """Make socket connections and DNS look-ups fail (and count them) inside the block."""
    guard = _NetGuard()
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)
    socket.socket.connect = guard.refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = guard.refuse  # type: ignore[method-assign]
    socket.getaddrinfo = guard.refuse
    try:
        yield guard
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = saved  # type: ignore[method-assign]


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the extractors' warnings and log messages inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(previous)


class PageTimeout(Exception):
    """An extractor took longer than the per-page limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageTimeout` after ``seconds`` (main thread on POSIX only)."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise PageTimeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB.

    On Linux this is ``VmHWM`` from ``/proc/self/status``: the high-water mark of
    the process's own address space. ``ru_maxrss`` is not used there because it
    carries over the parent's peak across fork and exec, so a worker started by
    a big parent would report the parent's size.
    """
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024) if sys.platform == "darwin" else int(peak)


# ---------------------------------------------------------------------- running


def _describe(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:300]


def run_extractor(
    peer: Peer | str,
    cases: Iterable[Case],
    timeout: float | None = DEFAULT_TIMEOUT,
    measure_memory: bool = False,
) -> Iterator[PageResult]:
    """Run one extractor over cases, yielding a result per page (never raising for a page).

    ``measure_memory`` records the process's peak RSS after each page: meaningful
    only in a worker process that runs nothing else.
    """
    peer = PEERS[peer] if isinstance(peer, str) else peer
    with no_network() as guard, quiet():
        try:
            extract = peer.make()
        except Exception as exc:  # noqa: BLE001 - a broken extractor gets empty results
            setup_error = f"setup failed: {_describe(exc)}"
            for case in cases:
                data = case.html()
                yield PageResult(case.id, page_digest(data), Record(), 0.0, setup_error)
            return
        for case in cases:
            yield _run_page(extract, case, timeout, guard, measure_memory)


def _run_page(
    extract: Any, case: Case, timeout: float | None, guard: _NetGuard, measure_memory: bool
) -> PageResult:
    data = case.html()
    before = guard.attempts
    error: str | None = None
    record = Record()
    start = time.perf_counter()
    try:
        with time_limit(timeout):
            record = extract(data, case.url)
    except Exception as exc:  # noqa: BLE001 - every failure is an error for this page
        error = _describe(exc)
        if os.environ.get("BENCH_TRACEBACK"):
            traceback.print_exc()
    seconds = time.perf_counter() - start
    if not isinstance(record, Record):
        error, record = error or f"adapter returned {type(record).__name__}", Record()
    try:
        record = record.coerced()
    except Exception as exc:  # noqa: BLE001
        error, record = error or f"bad record: {_describe(exc)}", Record()
    return PageResult(
        id=case.id,
        digest=page_digest(data),
        record=record,
        seconds=seconds,
        error=error,
        peak_rss_kib=peak_rss_kib() if measure_memory else None,
        net_attempts=guard.attempts - before,
    )


# ------------------------------------------------------------ worker processes


def worker_main(argv: list[str]) -> int:
    """``python -m bench _worker PEER CORPUS IDS_FILE OUT_FILE [TIMEOUT]``."""
    peer_name, corpus, ids_file, out_file = argv[:4]
    timeout = float(argv[4]) if len(argv) > 4 else DEFAULT_TIMEOUT
    wanted = json.loads(Path(ids_file).read_text(encoding="utf-8"))
    cases = [c for c in load_cases(corpus) if c.id in set(wanted)]
    with open(out_file, "w", encoding="utf-8") as out:
        for result in run_extractor(peer_name, cases, timeout, measure_memory=True):
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            out.flush()
    return 0


def run_in_worker(
    peer: Peer, corpus: str, cases: list[Case], timeout: float | None
) -> dict[str, PageResult]:
    """Run ``peer`` over ``cases`` in a fresh interpreter; results by case id.

    Pages the worker did not report (it crashed) are recorded as errors.
    """
    if not cases:
        return {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        ids_file = Path(tmp) / "ids.json"
        out_file = Path(tmp) / "out.jsonl"
        ids_file.write_text(json.dumps([c.id for c in cases]), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "bench",
            "_worker",
            peer.name,
            corpus,
            str(ids_file),
            str(out_file),
            str(timeout or 0),
        ]
        env = dict(os.environ, PYTHONPATH=_pythonpath())
        proc = subprocess.run(command, cwd=str(Path(__file__).resolve().parents[1]), env=env)
        results = _read_results(out_file)
    for case in cases:
        if case.id not in results:
            note = f"{WORKER_FAILED} with status {proc.returncode} before this page"
            results[case.id] = PageResult(case.id, page_digest(case.html()), Record(), 0.0, note)
    return results


def _worker_failure(result: PageResult) -> bool:
    return bool(result.error and result.error.startswith(WORKER_FAILED))


def _pythonpath() -> str:
    root = str(Path(__file__).resolve().parents[1])
    existing = os.environ.get("PYTHONPATH")
    return root if not existing else f"{root}{os.pathsep}{existing}"


def _read_results(path: Path) -> dict[str, PageResult]:
    results: dict[str, PageResult] = {}
    if not path.exists():
        return results
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError, KeyError):
            result = PageResult.from_json(json.loads(line))
            results[result.id] = result
    return results


# ------------------------------------------------------------------------ cache


def cache_path(peer: Peer, corpus: str) -> Path:
    version = peer.version().replace(" ", "_").replace("/", "_")
    return CACHE_DIR / f"{peer.name}-{version}-{peer.code_key()}-{corpus}.jsonl"


def load_cache(peer: Peer, corpus: str) -> dict[str, PageResult]:
    return _read_results(cache_path(peer, corpus))


def save_cache(peer: Peer, corpus: str, results: Iterable[PageResult]) -> None:
    """Append results (a later line for a page wins) and drop files of older keys."""
    path = cache_path(peer, corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{peer.name}-*-{corpus}.jsonl"):
        if stale != path:
            stale.unlink(missing_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for result in results:
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


def collect(
    peer: Peer,
    corpus: str,
    cases: list[Case],
    *,
    use_cache: bool = True,
    in_process: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[dict[str, PageResult], int]:
    """Results for every case (by id) and how many came from the cache.

    Peers' fresh results are always written to the cache; ``use_cache=False``
    only skips reading it. pressclip is never cached: its code is what is
    being measured. In-process runs neither read nor write the cache (their
    memory figure would be the whole process's).
    """
    cacheable = peer.name != "pressclip" and not in_process
    cached = load_cache(peer, corpus) if cacheable and use_cache else {}
    digests = {c.id: page_digest(c.html()) for c in cases} if cached else {}
    results = {
        c.id: cached[c.id]
        for c in cases
        if c.id in cached and cached[c.id].digest == digests.get(c.id)
    }
    todo = [c for c in cases if c.id not in results]
    if in_process:
        fresh = {r.id: r for r in run_extractor(peer, todo, timeout)}
    else:
        fresh = run_in_worker(peer, corpus, todo, timeout)
    if cacheable and fresh:
        save_cache(peer, corpus, (r for r in fresh.values() if not _worker_failure(r)))
    results.update(fresh)
    return results, len(cases) - len(todo)
