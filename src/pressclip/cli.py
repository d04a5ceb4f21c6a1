"""The ``pressclip`` command: a thin layer over :func:`pressclip.archive.archive`.

Each option maps to one argument of ``archive`` (or, with several sources, of
:func:`pressclip.batch.archive_many`). The heavy modules (bs4, lxml,
requests, even PyYAML) are imported only once a page is being archived, so
``pressclip --help`` stays fast.

Every failure ends the same way: one ``Error: ...`` line on stderr, control
characters escaped so that it stays one line, and the exit code that
:func:`failure` chooses; it is the only place where exit codes are decided.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from pressclip import __version__
from pressclip.errors import ExitCode, PressclipError, printable

if TYPE_CHECKING:
    from types import TracebackType

    from pressclip.archive import ArchiveResult
    from pressclip.batch import BatchResult, Outcome
    from pressclip.fetch import FetchOptions

PROG_NAME = "pressclip"
FORMATS = ("markdown", "json", "text")
"""The same as ``pressclip.render.FORMATS``, repeated here so that ``--help`` needs no YAML."""
DEBUG_ENV = "PRESSCLIP_DEBUG"
BATCH_JOBS = 4
BATCH_DELAY = 1.0
"""``pressclip.batch.DEFAULT_JOBS`` and ``DEFAULT_DELAY``, repeated for ``--help`` likewise."""
CLEAR_LINE = "\r\x1b[K"
"""Erases the progress bar's line on a terminal before a line of output."""
UNUSED_MODULES = ("soupsieve",)
SOUPSIEVE_MISSING = "The soupsieve package is not installed"
REPORT_HINT = f"this is a bug in pressclip: please report it, with the output of {DEBUG_ENV}=1"


# --- the one place where failures become exit codes ------------------------


def failure(exc: BaseException) -> tuple[int, str]:
    """The exit code and the one-line message for ``exc``."""
    if isinstance(exc, PressclipError) and exc.exit_code != ExitCode.INTERNAL:
        return exc.exit_code, str(exc)
    if isinstance(exc, click.ClickException):
        return exc.exit_code, _usage_message(exc)
    if isinstance(exc, (KeyboardInterrupt, click.Abort)):
        return ExitCode.INTERRUPTED, "interrupted"
    return ExitCode.INTERNAL, f"internal error: {type(exc).__name__}: {exc} ({REPORT_HINT})"


def _usage_message(exc: click.ClickException) -> str:
    """Click's message with its ``--help`` hint on the same line."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if isinstance(ctx, click.Context) else PROG_NAME
    return f"{exc.format_message().rstrip('.')} (try '{command} --help')"


def report(exc: BaseException, *, debug: bool = False) -> int:
    """Print ``exc`` as one ``Error:`` line (after its traceback if ``debug``); return the code."""
    code, message = failure(exc)
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    click.echo(f"Error: {printable(message)}", err=True)
    return code


def debug_requested(flag: bool) -> bool:
    """Whether to show tracebacks and warnings: ``--debug``, or the environment for bug reports."""
    return flag or os.environ.get(DEBUG_ENV) == "1"


class PressclipCommand(click.Command):
    """A click command whose every failure goes through :func:`report`.

    Usage errors are caught around click's own handling (which would print the
    usage block and a hint on three lines); failures while running are caught
    in :meth:`invoke`, before click turns ``KeyboardInterrupt`` into a bare
    "Aborted!".
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (click.ClickException, click.Abort) as exc:
            code = report(exc)
        else:
            code = result if isinstance(result, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, BrokenPipeError):
            raise  # click's own control flow; a closed stdout is click's to quieten
        except (Exception, KeyboardInterrupt) as exc:
            ctx.exit(report(exc, debug=debug_requested(ctx.params.get("debug", False))))


# --- the command -----------------------------------------------------------


def _check_header_value(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """Refuse what cannot go in an HTTP header, as a usage error rather than a failed request."""
    if value is not None and not (value.isascii() and value.isprintable()):
        raise click.BadParameter("must be printable ASCII", ctx, param)
    return value


@click.command(PROG_NAME, cls=PressclipCommand, context_settings={"max_content_width": 100})
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@click.option(
    "-i",
    "--input",
    "input_list",
    metavar="FILE",
    help="Archive the sources listed in FILE ('-' for stdin), one per line; "
    "blank lines and lines starting with # are skipped.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Folder or file to write, or '-' for stdout. "
    "[default: a YYYY-MM-DD-slug.md file in the current folder; stdout for json and text]",
)
@click.option(
    "--url", metavar="URL", help="The address of a saved page or stdin input (resolves its links)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="Markdown with YAML front matter, JSON with the fetch record, or plain text.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Deadline for the whole download, retries included.  [default: 120]",
)
@click.option(
    "--user-agent", metavar="UA", callback=_check_header_value, help="User-Agent header to send."
)
@click.option(
    "--allow-private-network",
    is_flag=True,
    help="Let redirects reach loopback, private, link-local and reserved addresses.",
)
@click.option(
    "--images", is_flag=True, help="Save the article's images in a folder beside the file."
)
@click.option("--strict", is_flag=True, help="With --images, fail if an image cannot be saved.")
@click.option("--save-html", is_flag=True, help="Keep the page as fetched: SLUG.html beside it.")
@click.option("--warc", is_flag=True, help="Record the HTTP exchanges: SLUG.warc.gz beside it.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    default=BATCH_JOBS,
    show_default=True,
    help="With several sources: articles archived at the same time.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=BATCH_DELAY,
    show_default=True,
    metavar="SECONDS",
    help="With several sources: pause between two requests to one host.",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Skip sources already archived in the output folder (the front matter's source).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not report retries or progress on stderr.")
@click.option("--debug", is_flag=True, hidden=True, help=f"Show tracebacks (or {DEBUG_ENV}=1).")
@click.version_option(__version__, prog_name=PROG_NAME)
def command(
    sources: tuple[str, ...],
    input_list: str | None,
    output: str | None,
    url: str | None,
    fmt: str,
    force: bool,
    timeout: float | None,
    user_agent: str | None,
    allow_private_network: bool,
    images: bool,
    strict: bool,
    save_html: bool,
    warc: bool,
    jobs: int,
    delay: float,
    skip_existing: bool,
    quiet: bool,
    debug: bool,
) -> int:
    """Archive news articles as Markdown with YAML front matter.

    SOURCE is an http(s) URL, a saved HTML file, or '-' to read the page from
    stdin. On success the path written is printed on stdout. Several SOURCEs,
    -i FILE or --skip-existing archive each into the output folder.
    """
    if not sources and input_list is None:
        raise click.UsageError("Missing argument 'SOURCE' (or -i FILE)")
    settings: dict[str, Any] = {
        "fmt": fmt,
        "force": force,
        "options": fetch_options(timeout, user_agent, allow_private_network=allow_private_network),
        "log": None if quiet else _log,
        "images": images,
        "strict": strict,
        "save_html": save_html,
        "warc": warc,
    }
    with warnings.catch_warnings():
        if not debug_requested(debug):
            # Parsers warn about pages (XML served as HTML, unknown time-zone
            # names): worth a developer's look, noise on a user's stderr.
            warnings.simplefilter("ignore")
        if input_list is not None or len(sources) > 1 or skip_existing:
            if url is not None:
                settings["url"] = url  # refused by archive_many, with the reason
            batch = {"jobs": jobs, "delay": delay, "skip_existing": skip_existing}
            return _archive_many(sources, input_list, output, quiet, batch, settings)
        from pressclip.archive import archive

        result = archive(sources[0], output, url=url, **settings)
    _print_result(result)
    return ExitCode.OK


def fetch_options(
    timeout: float | None, user_agent: str | None, *, allow_private_network: bool = False
) -> FetchOptions | None:
    """Options for the fetcher, or ``None`` for its defaults.

    ``timeout`` is the total deadline; the connect and read timeouts are
    shortened to it when it is smaller. ``None`` when nothing is given, so that
    archiving a saved file does not load requests just to build defaults.
    """
    if timeout is None and user_agent is None and not allow_private_network:
        return None
    from pressclip.fetch import FetchOptions

    if timeout is None:
        return FetchOptions(user_agent=user_agent, allow_private_network=allow_private_network)
    return FetchOptions(
        timeout=timeout,
        connect_timeout=min(FetchOptions.connect_timeout, timeout),
        read_timeout=min(FetchOptions.read_timeout, timeout),
        user_agent=user_agent,
        allow_private_network=allow_private_network,
    )


def _log(line: str) -> None:
    click.echo(printable(line), err=True)


def _print_result(result: ArchiveResult) -> None:
    """The path written, or the text itself (as UTF-8 whatever the locale) for stdout."""
    if result.path is None:
        click.echo(result.output.encode("utf-8"), nl=False)
    else:
        click.echo(printable(str(result.path)))


def _archive_many(
    sources: tuple[str, ...],
    input_list: str | None,
    output: str | None,
    quiet: bool,
    batch: dict[str, Any],
    settings: dict[str, Any],
) -> int:
    """Archive every source, showing progress; the exit code of the batch."""
    from pressclip.batch import archive_many, read_list

    listed = read_list(input_list) if input_list is not None else []
    items = [*sources, *listed]
    json_lines = settings["fmt"] == "json"
    with _BatchDisplay(len(items), json_lines=json_lines, quiet=quiet) as display:
        result = archive_many(items, output, on_outcome=display.show, **batch, **settings)
    return display.finish(result)


class _BatchDisplay:
    """On stdout, a line per source: the path written, or with JSON a record (failures
    included). On stderr, unless ``quiet``: a progress bar on a terminal, a line per source
    otherwise, then a summary with every failure."""

    def __init__(self, total: int, *, json_lines: bool, quiet: bool) -> None:
        self.total = total
        self.json_lines = json_lines
        self.quiet = quiet
        self.done = 0
        self.codes: list[int] = []
        self.failures: list[str] = []
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="archiving", file=sys.stderr)

    def __enter__(self) -> _BatchDisplay:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, value, traceback)

    def show(self, outcome: Outcome, result: ArchiveResult | None) -> None:
        from pressclip.batch import FAILED, outcome_line, outcome_record

        code, message = (ExitCode.OK, None) if outcome.error is None else failure(outcome.error)
        self.done += 1
        if outcome.status == FAILED:
            self.codes.append(code)
            self.failures.append(printable(f"{outcome.source}: {message}"))
        if self.bar is not None:
            click.echo(CLEAR_LINE, nl=False, err=True)
        if self.json_lines:
            article = json.loads(result.output) if result is not None else None
            record = outcome_record(outcome, code, message, article)
            click.echo(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        elif result is not None and result.path is not None:
            click.echo(printable(str(result.path)))
        if self.bar is not None:
            self.bar.update(1)
        elif not self.quiet:
            line = printable(outcome_line(outcome, message))
            click.echo(f"[{self.done}/{self.total}] {line}", err=True)

    def finish(self, result: BatchResult) -> int:
        """Print the summary; return the batch's exit code."""
        from pressclip.batch import batch_exit_code, summary_line

        if not self.quiet:
            click.echo(summary_line(result), err=True)
            for line in self.failures:
                click.echo(f"  failed {line}", err=True)
        if result.interrupted:
            return report(KeyboardInterrupt())
        return batch_exit_code(self.codes)


def skip_unused_imports() -> None:
    """Keep the command's process from importing what pressclip never uses.

    beautifulsoup4 imports soupsieve, its CSS-selector engine, as it loads (about
    30 ms, a fifth of the command's run for one page); pressclip never selects by
    CSS. Marked as missing, soupsieve is skipped and bs4 does without it, with a
    warning silenced here. Only the command does this: a program that imports
    pressclip as a library keeps its selectors.
    """
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    warnings.filterwarnings("ignore", message=SOUPSIEVE_MISSING)


def main() -> NoReturn:
    """Entry point of the ``pressclip`` script and ``python -m pressclip``."""
    skip_unused_imports()
    command.main(prog_name=PROG_NAME)
    raise AssertionError("unreachable: click exits")  # pragma: no cover
