"""Regenerate the golden Markdown files from their bench pages and show what changed.

    python tests/golden/regen.py            # unified diff of every changed file; writes nothing
    python tests/golden/regen.py --accept   # also writes the new output (after reading the diff)

Each ``PAGES`` entry is a real page of ``../shared/bench`` chosen for what it exercises; its
expected output is ``<corpus>-<id>.md`` here, reviewed against the page's HTML before it was
accepted. The ``generator`` line (pressclip's version) is left out so a release does not
change every file.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # make ``bench`` importable when run from anywhere
    sys.path.insert(0, str(ROOT))

from bench.corpus import Case, load_cases  # noqa: E402

from pressclip.extract import extract  # noqa: E402
from pressclip.render import render_markdown  # noqa: E402

# (corpus, id, what the page exercises)
PAGES = (
    ("seed", "trackpersia", "figure with caption and credit, WordPress"),
    ("zyte", "7e03657a7deb", "GFM tables"),
    ("htmldate", "4b6c4a6ca6c8", "nested and ordered lists"),
    ("htmldate", "c9ef27fc52b6", "<picture> sources with commas in URLs, a bracketed credit"),
    ("htmldate", "19b5b48c9870", "Instagram embeds"),
    ("htmldate", "214118b7c665", "code blocks"),
    ("htmldate", "91c7f6473f93", "a numbered run of <br> lines, like-button iframes"),
    ("fundus", "990c4e5face0", "CJK text"),
    ("htmldate", "cbef1df61c67", "right-to-left Arabic script"),
    ("htmldate", "a57728d8c30f", "Cyrillic text"),
    ("htmldate", "a6a2a7e4cb0d", "Devanagari text"),
    ("htmldate", "b8d8a4cece9f", "blockquotes"),
    ("fundus", "2df106a301b2", "story element inside a list item, subheading with markup"),
    ("htmldate", "c393e6c629fe", "split emphasis runs (**T****ALAGANG**)"),
    ("htmldate", "c2aaba8800de", "gallery: 14 captioned pictures sharing one caption"),
    ("htmldate", "00a277aae9da", "an address and company data as <br> lines, Japanese"),
)
GENERATOR_LINE = "generator: "


def golden_path(corpus: str, page_id: str) -> Path:
    return HERE / f"{corpus}-{page_id}.md"


def case_of(corpus: str, page_id: str) -> Case:
    return next(case for case in load_cases(corpus) if case.id == page_id)


def render(case: Case) -> str:
    """The Markdown file pressclip writes for the page, without the generator line."""
    text = render_markdown(extract(case.html(), case.url))
    return "".join(line for line in text.splitlines(True) if not line.startswith(GENERATOR_LINE))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accept", action="store_true", help="write the regenerated files")
    args = parser.parse_args(argv)
    changed = 0
    for corpus, page_id, _ in PAGES:
        path = golden_path(corpus, page_id)
        new = render(case_of(corpus, page_id))
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if new == old:
            continue
        changed += 1
        name = path.relative_to(ROOT).as_posix()
        sys.stdout.writelines(
            difflib.unified_diff(old.splitlines(True), new.splitlines(True), name, name + " (new)")
        )
        if args.accept:
            path.write_text(new, encoding="utf-8")
    verb = "written" if args.accept else "differ (run with --accept to write them)"
    print(
        f"{changed} of {len(PAGES)} golden files {verb}" if changed else "golden files up to date"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
