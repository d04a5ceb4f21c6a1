"""Coverage-guided fuzzing of ``pressclip.extract`` with atheris (not run by the test suite).

``extract`` must return an ``Article`` or raise ``ContentError`` (``NoArticleError``
included) for any bytes; anything else is a crash. Run from the repository root
with a fixed budget (atheris is a dev-only dependency)::

    .venv/bin/pip install atheris
    mkdir -p /tmp/pressclip-fuzz
    .venv/bin/python fuzz/extract_fuzz.py /tmp/pressclip-fuzz fuzz/seeds \\
        -max_total_time=300 -timeout=20 -rss_limit_mb=2048 -max_len=65536

libFuzzer adds the inputs it finds interesting to the first folder and writes
a crashing input to ``crash-<sha1>`` (a slow one to ``timeout-<sha1>``) in the
current folder. Turn each into a regression test: copy it to
``tests/data/fuzz/`` and ``tests/test_reliability_html.py`` runs it.
"""

from __future__ import annotations

import contextlib
import sys
import warnings

import atheris

with atheris.instrument_imports():
    from pressclip.errors import ContentError
    from pressclip.extract import extract

URL = "https://example.com/news/2024/story.html"


def fuzz_one_input(data: bytes) -> None:
    """One fuzz case: any bytes in, an Article or a documented error out."""
    with contextlib.suppress(ContentError):
        extract(data, URL)


def main() -> None:
    warnings.simplefilter("ignore")  # parser warnings are not failures (the CLI hides them)
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
