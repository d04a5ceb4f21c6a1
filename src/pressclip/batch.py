"""Archive many articles in one run: several SOURCEs, or a reading list (``-i``).

Articles are archived by a bounded pool of threads, each calling
:func:`~pressclip.archive.archive`, but politely: a :class:`HostGate` lets at
most one request at a time reach a host, and spaces the requests to it by a
delay. A host is a host name, with its port when that is not the default one.

Every source ends as one :class:`Outcome`: archived, skipped (listed twice,
or with ``skip_existing`` already archived in the output folder, as the
``source`` key of a Markdown file's front matter says) or failed, with the
exception. One failure never stops the others. Ctrl-C stops the run: nothing
new starts, requests not yet sent are not sent, and the articles already being
written are finished, so the folder holds only complete archives.
"""

from __future__ import annotations

import inspect
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

import yaml

from pressclip.archive import STDIN, ArchiveResult, archive, read_file, read_stdin
from pressclip.errors import ExitCode, LocalFileError, UsageError
from pressclip.render import DELIMITER
from pressclip.write import STDOUT, check_output_dir

if TYPE_CHECKING:
    from pressclip.images import ImageFailure

DEFAULT_JOBS = 4
DEFAULT_DELAY = 1.0
"""Seconds between the end of one request to a host and the start of the next."""
MAX_LIST_BYTES = 10_000_000
COMMENT_PREFIX = "#"
MARKDOWN_GLOB = "*.md"
FRONT_MATTER_MAX_BYTES = 65_536
"""How much of each Markdown file ``skip_existing`` reads to find its front matter."""
DEFAULT_PORTS = {"http": 80, "https": 443}
BATCH_ONLY = frozenset({"source", "output", "url", "stdin", "gate"})
"""Parameters of ``archive()`` that the batch sets itself, or that make no sense for many."""

ARCHIVED = "archived"
SKIPPED = "skipped"
FAILED = "failed"
LISTED_TWICE = "listed twice"
ALREADY_ARCHIVED = "already archived"

EXIT_PRIORITY = (
    ExitCode.INTERRUPTED,
    ExitCode.INTERNAL,
    ExitCode.LOCAL_FILE,
    ExitCode.TLS,
    ExitCode.NETWORK,
    ExitCode.HTTP_STATUS,
    ExitCode.CONTENT,
    ExitCode.USAGE,
)
"""The batch exits with the first of these that a failure had: a bug or the
local disk before the network, the network before a single page's status or
content, and an invalid line of the list last."""


@dataclass(frozen=True)
class Outcome:
    """How one source ended."""

    source: str
    status: str
    """``archived``, ``skipped`` or ``failed``."""
    path: Path | None = None
    """The file written (archived), or the file that already holds it (skipped)."""
    reason: str | None = None
    """Why it was skipped."""
    error: BaseException | None = None
    """Why it failed."""
    image_failures: tuple[ImageFailure, ...] = ()


Report = Callable[[Outcome, ArchiveResult | None], None]
"""Called in the calling thread as each source ends, with the result when archived."""
_Done = tuple[Outcome, ArchiveResult | None]


@dataclass(frozen=True)
class BatchResult:
    """Every outcome, in the order of the sources."""

    outcomes: tuple[Outcome, ...]
    not_started: int = 0
    """Sources never attempted because the run was interrupted."""
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.status == FAILED)


def batch_exit_code(codes: Iterable[int], *, interrupted: bool = False) -> int:
    """0 when there is no failure; else the most relevant failure's code (:data:`EXIT_PRIORITY`)."""
    found = set(codes)
    if interrupted:
        found.add(ExitCode.INTERRUPTED)
    return next((code for code in EXIT_PRIORITY if code in found), min(found, default=ExitCode.OK))


# --- the sources ------------------------------------------------------------------


def parse_list(text: str) -> list[str]:
    """The sources in a reading list: one per line; blank lines and ``#`` comments ignored."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith(COMMENT_PREFIX)]


def read_list(name: str, stdin: BinaryIO | None = None) -> list[str]:
    """The sources in the reading list file ``name`` (UTF-8), or on standard input for ``-``."""
    data = read_stdin(stdin, MAX_LIST_BYTES) if name == STDIN else read_file(name, MAX_LIST_BYTES)
    shown = "standard input" if name == STDIN else name
    try:
        return parse_list(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LocalFileError(f"reading list is not UTF-8 text: {shown}", name) from None


def archived_sources(folder: Path) -> dict[str, Path]:
    """Each ``source`` named in the front matter of the Markdown files in ``folder``."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob(MARKDOWN_GLOB)):
        source = front_matter_source(path)
        if source is not None:
            found.setdefault(source, path)
    return found


def front_matter_source(path: Path) -> str | None:
    """The ``source`` key of the front matter at the top of ``path``, if it has one."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(FRONT_MATTER_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    opening = f"{DELIMITER}\n"
    block, closing, _ = head.removeprefix(opening).partition(f"\n{DELIMITER}\n")
    if not head.startswith(opening) or not closing:
        return None
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    source = data.get("source") if isinstance(data, dict) else None
    return source if isinstance(source, str) else None


# --- politeness -------------------------------------------------------------------


def host_key(url: str) -> str:
    """``example.com``, or ``example.com:8080`` when the port is not the scheme's default."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


class _Host:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.free_at = 0.0
        """``time.monotonic()`` after which the next request may start."""


class HostGate:
    """One request at a time per host, ``delay`` seconds apart; :meth:`stop` refuses the rest."""

    def __init__(self, delay: float = DEFAULT_DELAY) -> None:
        self.delay = delay
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Let no further request start: waiting ones raise ``KeyboardInterrupt``."""
        self._stopped.set()

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold the host of ``url`` for one request, after its turn and the delay."""
        host = self._host(host_key(url))
        with host.lock:
            self._wait(host.free_at - time.monotonic())
            try:
                yield
            finally:
                host.free_at = time.monotonic() + self.delay

    def _host(self, key: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(key, _Host())

    def _wait(self, seconds: float) -> None:
        if self._stopped.wait(max(seconds, 0.0)):
            raise KeyboardInterrupt


# --- the run ------------------------------------------------------------------------


def archive_many(
    sources: Sequence[str],
    output: str | None = None,
    *,
    jobs: int = DEFAULT_JOBS,
    delay: float = DEFAULT_DELAY,
    skip_existing: bool = False,
    on_outcome: Report | None = None,
    **settings: Any,
) -> BatchResult:
    """Archive each of ``sources`` (URLs or saved pages) into the folder ``output``.

    ``output`` is an existing folder (``None``: the current one). With
    ``fmt="json"`` and no ``output`` (or ``-``) nothing is written: each
    result's ``output`` is the article as JSON. ``settings`` are passed to
    :func:`~pressclip.archive.archive` (``fmt``, ``force``, ``options``, ``log``,
    ``images``, ``save_html``, ``warc``, ...). Raises
    :class:`~pressclip.errors.UsageError` or
    :class:`~pressclip.errors.LocalFileError` before any request for settings
    that cannot work; after that, failures are outcomes.
    """
    _check_settings(sources, jobs, delay, settings)
    fmt = settings.get("fmt", "markdown")
    destination = _destination(output, fmt)
    if skip_existing and (destination == STDOUT or fmt != "markdown"):
        raise UsageError("--skip-existing reads Markdown front matter: it needs --format markdown")
    known = archived_sources(Path(destination)) if skip_existing else {}
    run = _Run(on_outcome)
    todo: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, source in enumerate(sources):
        if source in seen:
            run.done(index, Outcome(source, SKIPPED, reason=LISTED_TWICE), None)
        elif source in known:
            run.done(index, Outcome(source, SKIPPED, known[source], ALREADY_ARCHIVED), None)
        else:
            todo.append((index, source))
        seen.add(source)
    gate = HostGate(delay)
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="pressclip") as pool:
        futures = {
            pool.submit(_archive_one, source, destination, gate, settings): index
            for index, source in todo
        }
        run.collect(futures, gate)
    return run.result(len(sources))


def _check_settings(
    sources: Sequence[str], jobs: int, delay: float, settings: dict[str, Any]
) -> None:
    if jobs < 1:
        raise UsageError(f"jobs must be a positive integer, not {jobs}")
    if delay < 0 or math.isnan(delay) or math.isinf(delay):
        raise UsageError(f"delay must be a non-negative number of seconds, not {delay}")
    if STDIN in sources:
        raise UsageError("standard input ('-') cannot be one of several sources")
    if "url" in settings:
        raise UsageError("--url is for one saved page, not for several sources")
    allowed = set(inspect.signature(archive).parameters) - BATCH_ONLY
    unknown = sorted(set(settings) - allowed)
    if unknown:
        raise TypeError(f"archive_many() got unexpected keyword arguments: {', '.join(unknown)}")


def _destination(output: str | None, fmt: str) -> str:
    """The folder to write into, or ``-`` for JSON on standard output."""
    if fmt == "json" and output in (None, STDOUT):
        return STDOUT
    if output == STDOUT:
        message = f"several articles cannot go to standard output as {fmt}: give -o FOLDER"
        raise UsageError(f"{message} (or use --format json)")
    folder = output if output is not None else os.getcwd()
    if not os.path.isdir(folder):
        raise LocalFileError(f"with several sources, -o must be an existing folder: {folder}")
    check_output_dir(folder)
    return folder


def _archive_one(source: str, destination: str, gate: HostGate, settings: dict[str, Any]) -> _Done:
    """Archive one source; every failure, Ctrl-C's stop included, is an outcome."""
    try:
        result = archive(source, destination, gate=gate.slot, **settings)
    except (Exception, KeyboardInterrupt) as exc:
        return Outcome(source, FAILED, error=exc), None
    outcome = Outcome(source, ARCHIVED, result.path, image_failures=result.image_failures)
    return outcome, result


class _Run:
    """The outcomes so far, reported as they come."""

    def __init__(self, report: Report | None) -> None:
        self.report = report
        self.outcomes: dict[int, Outcome] = {}
        self.interrupted = False

    def done(self, index: int, outcome: Outcome, result: ArchiveResult | None) -> None:
        self.outcomes[index] = outcome
        if self.report is not None:
            self.report(outcome, result)

    def collect(self, futures: dict[Future[_Done], int], gate: HostGate) -> None:
        """Record each archive as it ends; on Ctrl-C, start nothing more and finish the rest."""
        try:
            for future in as_completed(futures):
                self.done(futures[future], *future.result())
                del futures[future]  # and with it the result: pages and images can be large
        except KeyboardInterrupt:
            self.interrupted = True
            # Cancel first: a source still queued must not start in the moment
            # that the stop frees a worker.
            for future in futures:
                future.cancel()
            gate.stop()
            for future, index in list(futures.items()):
                if index not in self.outcomes and not future.cancelled():
                    self.done(index, *future.result())

    def result(self, total: int) -> BatchResult:
        outcomes = tuple(self.outcomes[index] for index in sorted(self.outcomes))
        return BatchResult(outcomes, total - len(outcomes), self.interrupted)


# --- what the command prints ------------------------------------------------------


def outcome_line(outcome: Outcome, message: str | None = None) -> str:
    """One line for a log: ``archived URL -> path``, ``skipped URL: why``, ``failed URL: why``."""
    if outcome.status == ARCHIVED:
        line = f"{ARCHIVED} {outcome.source} -> {outcome.path}"
        if outcome.image_failures:
            line += f" ({len(outcome.image_failures)} images could not be saved)"
        return line
    if outcome.status == SKIPPED:
        where = f" ({outcome.path})" if outcome.path is not None else ""
        return f"{SKIPPED} {outcome.source}: {outcome.reason}{where}"
    return f"{FAILED} {outcome.source}: {message}"


def summary_line(result: BatchResult) -> str:
    """``archived 17, skipped 1, failed 2``, and what an interruption left undone."""
    counts = ", ".join(f"{status} {result.count(status)}" for status in (ARCHIVED, SKIPPED, FAILED))
    if result.interrupted:
        counts += f", not started {result.not_started} (interrupted)"
    return counts


def outcome_record(
    outcome: Outcome, code: int, message: str | None, article: Any = None
) -> dict[str, Any]:
    """The JSON Lines record of one outcome; ``article`` is the article's JSON, when archived."""
    return {
        "source": outcome.source,
        "outcome": outcome.status,
        "path": None if outcome.path is None else str(outcome.path),
        "reason": outcome.reason,
        "error": message,
        "exit_code": code,
        "image_failures": [
            {"url": failure.url, "reason": failure.reason} for failure in outcome.image_failures
        ],
        "article": article,
    }
