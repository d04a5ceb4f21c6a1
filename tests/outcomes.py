"""The four outcomes every failure must have, asserted in one place (issue 6).

1. the documented exit code;
2. one ``Error:`` line on stderr naming the URL or path and the cause, no
   traceback, nothing on stdout;
3. the output folder byte-for-byte as before: no ``.md``, no temp file, no
   image folder;
4. the file that already had the target name untouched: content, inode and
   modification time.

A :class:`Workspace` is an output folder holding such a file (``clip.md``,
the *victim*), with ``--force`` given so that nothing but pressclip's own
care keeps the victim safe when a run fails.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from pressclip import cli

VICTIM_NAME = "clip.md"
VICTIM_TEXT = b"my own notes, kept for years\n"
VICTIM_MTIME_NS = 1_000_000_000_000_000_000
"""A fixed modification time (2001-09-09), so that any rewrite shows."""

Entry = tuple[int, int, int, bytes | str | None]
"""mode, inode, mtime in ns, and the content (bytes of a file, target of a symlink)."""


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every entry under ``folder`` (hidden ones included), without following symlinks."""
    entries: dict[str, Entry] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = path.lstat()
            content: bytes | str | None = None
            if stat.S_ISREG(info.st_mode):
                content = path.read_bytes()
            elif stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            entries[str(path.relative_to(folder))] = (
                info.st_mode,
                info.st_ino,
                info.st_mtime_ns,
                content,
            )
    return entries


def invoke(*args: str | os.PathLike[str], stdin: bytes | None = None) -> Result:
    """Run the command in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(cli.command, [os.fspath(arg) for arg in args], input=stdin)


@dataclass
class Workspace:
    """An output folder with a file of the user's at the target name."""

    folder: Path

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.victim.write_bytes(VICTIM_TEXT)
        os.utime(self.victim, ns=(VICTIM_MTIME_NS, VICTIM_MTIME_NS))
        self.before = snapshot(self.folder)

    @property
    def victim(self) -> Path:
        return self.folder / VICTIM_NAME

    def run(self, source: str, *args: str, stdin: bytes | None = None) -> Result:
        """Archive ``source`` onto the victim's name, with ``--force`` and ``-q``."""
        return invoke(source, "-o", self.victim, "--force", "-q", *args, stdin=stdin)

    def assert_unchanged(self) -> None:
        """Outcomes 3 and 4."""
        assert snapshot(self.folder) == self.before
        info = self.victim.lstat()
        assert self.victim.read_bytes() == VICTIM_TEXT
        assert (info.st_ino, info.st_mtime_ns) == (
            self.before[VICTIM_NAME][1],
            VICTIM_MTIME_NS,
        )


def assert_error_line(result: Result, code: int, message: str | re.Pattern[str]) -> None:
    """Outcomes 1 and 2: the exit code, and exactly one ``Error:`` line (exact or a pattern)."""
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr[: -len("\n")]
    if isinstance(message, str):
        assert line == f"Error: {message}"
    else:
        assert message.fullmatch(line.removeprefix("Error: ")), line


def assert_four_outcomes(
    result: Result, workspace: Workspace, code: int, message: str | re.Pattern[str]
) -> None:
    """All four outcomes of a failed run."""
    assert_error_line(result, code, message)
    workspace.assert_unchanged()
