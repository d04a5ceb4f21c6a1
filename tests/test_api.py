"""The public API is pinned, and the command line stays light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pressclip

EXPECTED_ALL = [
    "ArchiveResult",
    "Article",
    "BatchResult",
    "ContentError",
    "ExitCode",
    "FetchOptions",
    "HTTPStatusError",
    "Image",
    "LocalFileError",
    "NetworkError",
    "NoArticleError",
    "NonPublicAddressError",
    "OutputExistsError",
    "Page",
    "PressclipError",
    "TLSError",
    "UsageError",
    "__version__",
    "archive",
    "archive_many",
    "extract",
    "fetch",
    "render",
]
HEAVY_MODULES = ("bs4", "lxml", "requests", "urllib3", "yaml")


def python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_all_is_pinned() -> None:
    assert sorted(pressclip.__all__) == EXPECTED_ALL
    assert len(set(pressclip.__all__)) == len(pressclip.__all__)


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(pressclip, name) is not None


def test_public_functions_stay_functions() -> None:
    """``pressclip.render`` must still be the function after ``pressclip.archive`` has run."""
    code = (
        "import inspect, pressclip\n"
        "for name in pressclip.__all__: getattr(pressclip, name)\n"
        "print([n for n in ('archive', 'extract', 'fetch', 'render')"
        " if not inspect.isfunction(getattr(pressclip, n))])\n"
    )
    completed = python("-c", code)
    assert (completed.returncode, completed.stdout) == (0, "[]\n")


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        pressclip.nothing  # noqa: B018


def test_dir_lists_the_public_names() -> None:
    assert dir(pressclip) == EXPECTED_ALL


def test_python_m_pressclip_help() -> None:
    completed = python("-m", "pressclip", "--help")
    assert (completed.returncode, completed.stderr) == (0, "")
    assert completed.stdout.startswith("Usage: pressclip [OPTIONS] SOURCE...\n")
    for option in ("--output", "--url", "--format", "--force", "--timeout", "--user-agent"):
        assert option in completed.stdout
    assert "--debug" not in completed.stdout


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = (
        "import sys, pressclip.cli; "
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    completed = python("-c", code)
    assert (completed.returncode, completed.stdout) == (0, "[]\n")


def test_help_loads_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from pressclip.cli import command\n"
        "command.main(['--help'], standalone_mode=False)\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))\n"
    )
    completed = python("-c", code)
    assert completed.returncode == 0
    assert completed.stdout.endswith("\n[]\n")
