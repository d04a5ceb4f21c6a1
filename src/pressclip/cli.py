"""The ``pressclip`` command: a thin layer over :func:`pressclip.archive.archive`.

Each option maps to one argument of ``archive``. The heavy modules (bs4, lxml,
requests, even PyYAML) are imported only once a page is being archived, so
``pressclip --help`` stays fast.

Every failure ends the same way: one ``Error: ...`` line on stderr, control
characters escaped so that it stays one line, and the exit code that
:func:`failure` chooses; it is the only place where exit codes are decided.
"""

from __future__ import annotations

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
    from pressclip.archive import ArchiveResult
    from pressclip.fetch import FetchOptions

PROG_NAME = "pressclip"
FORMATS = ("markdown", "json", "text")
"""The same as ``pressclip.render.FORMATS``, repeated here so that ``--help`` needs no YAML."""
DEBUG_ENV = "PRESSCLIP_DEBUG"
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
@click.argument("source")
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
@click.option("-q", "--quiet", is_flag=True, help="Do not report retries on stderr.")
@click.option("--debug", is_flag=True, hidden=True, help=f"Show tracebacks (or {DEBUG_ENV}=1).")
@click.version_option(__version__, prog_name=PROG_NAME)
def command(
    source: str,
    output: str | None,
    url: str | None,
    fmt: str,
    force: bool,
    timeout: float | None,
    user_agent: str | None,
    quiet: bool,
    debug: bool,
) -> None:
    """Archive one news article as Markdown with YAML front matter.

    SOURCE is an http(s) URL, a saved HTML file, or '-' to read the page from
    stdin. On success the path written is printed on stdout.
    """
    from pressclip.archive import archive

    with warnings.catch_warnings():
        if not debug_requested(debug):
            # Parsers warn about pages (XML served as HTML, unknown time-zone
            # names): worth a developer's look, noise on a user's stderr.
            warnings.simplefilter("ignore")
        result = archive(
            source,
            output,
            url=url,
            fmt=fmt,
            force=force,
            options=fetch_options(timeout, user_agent),
            log=None if quiet else _log,
        )
    _print_result(result)


def fetch_options(timeout: float | None, user_agent: str | None) -> FetchOptions | None:
    """Options for the fetcher, or ``None`` for its defaults.

    ``timeout`` is the total deadline; the connect and read timeouts are
    shortened to it when it is smaller. ``None`` when neither is given, so that
    archiving a saved file does not load requests just to build defaults.
    """
    if timeout is None and user_agent is None:
        return None
    from pressclip.fetch import FetchOptions

    if timeout is None:
        return FetchOptions(user_agent=user_agent)
    return FetchOptions(
        timeout=timeout,
        connect_timeout=min(FetchOptions.connect_timeout, timeout),
        read_timeout=min(FetchOptions.read_timeout, timeout),
        user_agent=user_agent,
    )


def _log(line: str) -> None:
    click.echo(printable(line), err=True)


def _print_result(result: ArchiveResult) -> None:
    """The path written, or the text itself (as UTF-8 whatever the locale) for stdout."""
    if result.path is None:
        click.echo(result.output.encode("utf-8"), nl=False)
    else:
        click.echo(printable(str(result.path)))


def main() -> NoReturn:
    """Entry point of the ``pressclip`` script and ``python -m pressclip``."""
    command.main(prog_name=PROG_NAME)
    raise AssertionError("unreachable: click exits")  # pragma: no cover
