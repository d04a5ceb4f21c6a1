"""``--images``: sniffing, caps, failures, and a folder that is complete before the Markdown.

Pages and images come from a real HTTP server on 127.0.0.1 (``server.py``).
Images are URLs the page chose, so the tests that fetch them pass
``allow_private_network`` (the address guard is checked once, on its own).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner, Result

from pressclip import cli
from pressclip.archive import archive
from pressclip.errors import ContentError, ExitCode, OutputExistsError, UsageError
from pressclip.fetch import FetchOptions, fetch_image
from pressclip.images import (
    ImageLimits,
    image_urls,
    localize,
    read_data_url,
    save_images,
    sniff_extension,
)
from pressclip.model import Article, Image
from server import LocalServer, Reply, RequestHandler, drip, redirect
from story import STORY_HTML, TITLE

FAST = FetchOptions(
    backoff=0.01, timeout=10, connect_timeout=2, read_timeout=5, allow_private_network=True
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x02" * 200
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x03" * 50
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x04" * 50
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x05" * 50
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
PNG_DATA_URL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAH"
    "ggJ/PchI7wAAAABJRU5ErkJggg=="
)
# The 1x1 PNG above, decoded by coreutils' ``base64 -d``: its first bytes.
PNG_DATA_PREFIX = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
STORY_PATH = "/news/story.html"


def page_html(*figures: str, lead: str | None = "/img/lead.jpg") -> bytes:
    """A story page with ``figures`` (``<img>`` sources) around the text and an og:image."""
    meta = f'<meta property="og:image" content="{lead}">' if lead else ""
    pictures = [
        f'<figure><img src="{src}" alt="Picture"><figcaption>Caption</figcaption></figure>'
        for src in figures
    ]
    body = (pictures[0] if pictures else "") + STORY_HTML + "".join(pictures[1:])
    return (
        f"<html><head><title>{TITLE}</title>{meta}"
        f'<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">'
        f"</head><body><nav><img src='/logo.png' alt='logo'></nav>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    ).encode()


def image(body: bytes, content_type: str | None = "image/jpeg") -> Reply:
    return Reply(body=body, content_type=content_type)


class InterruptAt:
    """A gate that lets requests through until one for a URL ending in ``suffix`` (Ctrl-C)."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def __call__(self, url: str) -> contextlib.AbstractContextManager[None]:
        if url.endswith(self.suffix):
            raise KeyboardInterrupt
        return contextlib.nullcontext()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    head, separator, body = text.removeprefix("---\n").partition("\n---\n")
    assert separator
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded, body


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder``, hidden temp files and folders included."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def run(*args: str | os.PathLike[str]) -> Result:
    return CliRunner().invoke(cli.command, [os.fspath(arg) for arg in args])


# --- sniffing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (JPEG, ".jpg"),
        (PNG, ".png"),
        (b"GIF87a\x01\x00", ".gif"),
        (GIF, ".gif"),
        (WEBP, ".webp"),
        (AVIF, ".avif"),
        (b"\x00\x00\x00\x1cftypavis\x00\x00\x00\x00avismif1", ".avif"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", ".avif"),
        (SVG, ".svg"),
        (
            b'\xef\xbb\xbf  <?xml version="1.0"?>\n<!-- drawn by hand -->\n'
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg>',
            ".svg",
        ),  # fmt: skip
        (b"<svg\n  viewBox='0 0 1 1'/>", ".svg"),
    ],
)
def test_the_extension_comes_from_the_bytes(data: bytes, extension: str) -> None:
    assert sniff_extension(data) == extension


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<!doctype html><html><body>Not found</body></html>",
        b"%PDF-1.7\n",
        b"RIFF\x24\x00\x00\x00WAVEfmt ",
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
        b"\x00\x00\x00\x10ftypmp41\x00\x00\x00\x00avif",  # "avif" outside the box
        b"<svgx/>",
        b"<?xml version='1.0'?><html/>",
        b"<!-- never closed <svg>",
        b"\xff\xd8",
    ],
    ids=[
        "empty",
        "html",
        "pdf",
        "wave",
        "heic",
        "brand-outside-box",
        "svgx",
        "xml",
        "comment",
        "short-jpeg",
    ],  # fmt: skip
)
def test_other_bytes_are_not_images(data: bytes) -> None:
    assert sniff_extension(data) is None


# --- data: URLs -------------------------------------------------------------------------


def test_base64_data_url_is_decoded() -> None:
    assert read_data_url(PNG_DATA_URL, 1000).startswith(PNG_DATA_PREFIX)


def test_percent_encoded_data_url_is_decoded() -> None:
    url = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E"
    assert read_data_url(url, 1000) == b"<svg xmlns='http://www.w3.org/2000/svg'/>"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("data:image/png;base64", "malformed data: URL: data:image/png;base64"),
        ("data:image/png;base64,abcde", "invalid base64 in data: URL: data:image/png;base64,abcde"),
        (PNG_DATA_URL, "data: URL image larger than 10 bytes: data:image/png;base64,iVBOR"),
    ],
)
def test_bad_or_oversize_data_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(Exception, match=f"^{re.escape(reason)}") as caught:
        read_data_url(url, 10)
    assert type(caught.value).__name__ == "_Refused"


# --- which images, and the rewrite ---------------------------------------------------------


def test_image_urls_are_the_lead_then_the_body_each_once() -> None:
    article = Article(
        lead_image="https://x.test/b.jpg",
        images=(Image("https://x.test/a.jpg"), Image(None), Image("https://x.test/b.jpg")),
    )
    assert image_urls(article) == ["https://x.test/b.jpg", "https://x.test/a.jpg"]


def test_localize_rewrites_images_but_not_links() -> None:
    src = "https://x.test/a b(1).jpg"
    article = Article(
        lead_image=src,
        images=(Image(src, alt="A"), Image("https://x.test/kept.jpg")),
        markdown=(
            "![A \\] b](https://x.test/a%20b%281%29.jpg)\n\n[see](https://x.test/a%20b%281%29.jpg)"
            "\n\n![](https://x.test/kept.jpg)"
        ),
    )
    local = localize(article, {src: "story/a-b-1.jpg"})
    assert local.markdown == (
        "![A \\] b](story/a-b-1.jpg)\n\n[see](https://x.test/a%20b%281%29.jpg)"
        "\n\n![](https://x.test/kept.jpg)"
    )
    assert local.lead_image == "story/a-b-1.jpg"
    assert [i.src for i in local.images] == ["story/a-b-1.jpg", "https://x.test/kept.jpg"]


@pytest.mark.parametrize("field", ["max_bytes", "max_total_bytes", "max_count"])
def test_negative_limits_are_usage_errors(field: str) -> None:
    with pytest.raises(UsageError, match=f"^{field.replace('_', '-')} must be a non-negative"):
        ImageLimits(**{field: -1})


# --- downloading -------------------------------------------------------------------------------


def test_fetch_image_refuses_html_before_reading_it(server: LocalServer) -> None:
    server.route("/x.jpg", Reply(body=b"<p>gone</p>"))
    url = server.url("/x.jpg")
    with pytest.raises(ContentError) as caught:
        fetch_image(url, FAST)
    assert str(caught.value) == f"expected an image, got text/html: {url}"


def test_fetch_image_sends_an_image_accept_header(server: LocalServer) -> None:
    server.route("/x", image(PNG, None))
    assert fetch_image(server.url("/x"), FAST).content == PNG
    assert server.received[0].headers["accept"].startswith("image/avif,image/webp,")


def save(article: Article, folder: Path, **limits: int) -> Any:
    folder.mkdir()
    limited = ImageLimits(**limits)
    return save_images(article, folder, "story", limits=limited, options=FAST, record=True)


def test_images_share_one_time_budget(server: LocalServer, tmp_path: Path) -> None:
    """Stalled image servers cannot hold an article for their own timeout each."""
    server.route("/slow1.jpg", drip(0.05, "image/jpeg"))
    server.route("/slow2.jpg", drip(0.05, "image/jpeg"))
    server.route("/late.jpg", image(JPEG))
    urls = [server.url(p) for p in ("/slow1.jpg", "/slow2.jpg", "/late.jpg")]
    article = Article(images=tuple(Image(src=url) for url in urls))
    (tmp_path / "f").mkdir()
    limits = ImageLimits(max_seconds=1.5)
    saved = save_images(article, tmp_path / "f", "story", limits=limits, options=FAST)
    assert [failure.url for failure in saved.failures] == urls
    assert saved.failures[-1].reason == f"no time left of the 1.5 s for images: {urls[-1]}"
    assert server.count("/late.jpg") == 0


def test_oversize_data_url_is_refused_before_decoding() -> None:
    huge = "data:image/png;base64," + "A" * 4_001  # not even valid base64: never decoded
    with pytest.raises(Exception, match="data: URL image larger than 1,000 bytes"):
        read_data_url(huge, 1_000)


def test_names_and_extensions_come_from_urls_and_bytes(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a/photo.jpg", image(PNG, "image/gif"))
    server.route("/b/photo.jpg", image(JPEG))
    server.route("/c/CON", image(WEBP, "application/octet-stream"))
    server.route("/c/photo.jpeg", image(JPEG))
    server.route("/d/", image(SVG, "image/svg+xml"))
    server.route("/", image(GIF, None))
    paths = ("/a/photo.jpg", "/b/photo.jpg", "/c/photo.jpeg", "/c/CON", "/d/", "/")
    urls = [server.url(path) for path in paths]
    saved = save(Article(images=tuple(Image(url) for url in urls)), tmp_path / "f")
    names = ["photo.png", "photo.jpg", "photo-2.jpg", "_con.webp", "d.svg", "image.gif"]
    assert [saved.links[url] for url in urls] == [f"story/{name}" for name in names]
    assert listing(tmp_path / "f") == sorted(names)
    assert (tmp_path / "f" / "photo.png").read_bytes() == PNG


def test_the_same_url_is_downloaded_once(server: LocalServer, tmp_path: Path) -> None:
    server.route("/lead.jpg", image(JPEG))
    url = server.url("/lead.jpg")
    saved = save(Article(lead_image=url, images=(Image(url), Image(url))), tmp_path / "f")
    assert server.count("/lead.jpg") == 1
    assert saved.total == 1
    assert saved.warning() is None


def test_failed_images_keep_their_url_and_say_why(server: LocalServer, tmp_path: Path) -> None:
    server.route("/ok.png", image(PNG))
    server.route("/page.png", image(b"<html><body>Not an image</body></html>", "image/png"))
    server.route("/big.jpg", image(JPEG + b"\x00" * 2000))
    ok, missing, not_image, big = (
        server.url(p) for p in ("/ok.png", "/missing.jpg", "/page.png", "/big.jpg")
    )
    article = Article(
        images=tuple(Image(u) for u in (ok, missing, not_image, big, "ftp://x.test/a.gif")),
        markdown=f"![]({ok})\n\n![]({missing})",
    )
    saved = save(article, tmp_path / "f", max_bytes=1000)
    assert [(f.url, f.reason) for f in saved.failures] == [
        (missing, f"HTTP 404 Not Found: {missing}"),
        (not_image, f"not a JPEG, PNG, GIF, WebP, AVIF or SVG image: {not_image}"),
        (big, f"response larger than 1 kB: {big}"),
        ("ftp://x.test/a.gif", "only http(s) and data: images are saved: ftp://x.test/a.gif"),
    ]
    assert saved.warning() == "4 of 5 images could not be saved"
    assert saved.article.markdown == f"![](story/ok.png)\n\n![]({missing})"
    assert listing(tmp_path / "f") == ["ok.png"]


def test_total_and_count_caps(server: LocalServer, tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d"):
        server.route(f"/{name}.jpg", image(JPEG))  # 211 bytes each
    urls = [server.url(f"/{name}.jpg") for name in ("a", "b", "c", "d")]
    saved = save(
        Article(images=tuple(Image(u) for u in urls)), tmp_path / "f", max_total_bytes=500,
        max_count=3,
    )  # fmt: skip
    assert list(saved.links) == urls[:2]
    assert [f.reason for f in saved.failures] == [
        f"images would pass the total cap of 500 bytes: {urls[2]}",
        f"more than 3 images: {urls[3]}",
    ]
    assert server.count("/d.jpg") == 0


def test_a_full_total_cap_downloads_nothing_more(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a.jpg", image(JPEG))
    server.route("/b.jpg", image(JPEG))
    urls = [server.url("/a.jpg"), server.url("/b.jpg")]
    article = Article(images=tuple(Image(u) for u in urls))
    saved = save(article, tmp_path / "f", max_total_bytes=211)  # one JPEG
    assert list(saved.links) == urls[:1]
    assert saved.failures[0].reason == f"images would pass the total cap of 211 bytes: {urls[1]}"
    assert server.count("/b.jpg") == 0


def test_data_url_images_are_saved(tmp_path: Path) -> None:
    saved = save(Article(lead_image=PNG_DATA_URL), tmp_path / "f")
    assert saved.article.lead_image == "story/image.png"
    assert (tmp_path / "f" / "image.png").read_bytes().startswith(PNG_DATA_PREFIX)


def test_images_on_a_private_address_need_permission(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a.jpg", image(JPEG))
    url = server.url("/a.jpg")
    (tmp_path / "f").mkdir()
    saved = save_images(Article(lead_image=url), tmp_path / "f", "story", options=FetchOptions())
    assert saved.failures[0].reason.startswith(
        "refusing to connect to non-public address 127.0.0.1"
    )
    assert server.count("/a.jpg") == 0


def test_redirects_of_an_image_are_recorded(server: LocalServer, tmp_path: Path) -> None:
    server.route("/old.jpg", redirect("/new.jpg"))
    server.route("/new.jpg", image(JPEG))
    saved = save(Article(lead_image=server.url("/old.jpg")), tmp_path / "f")
    assert [(e.url, e.status) for e in saved.exchanges] == [
        (server.url("/old.jpg"), 302),
        (server.url("/new.jpg"), 200),
    ]
    (tmp_path / "g").mkdir()
    article = Article(lead_image=server.url("/old.jpg"))
    unrecorded = save_images(article, tmp_path / "g", "g", options=FAST)
    assert unrecorded.exchanges == ()


# --- archive(..., images=True): the folder, the links, and nothing partial ----------------------


def serve_story(server: LocalServer, *figures: str, lead: str | None = "/img/lead.jpg") -> str:
    server.route(STORY_PATH, Reply(body=page_html(*figures, lead=lead)))
    server.route("/img/lead.jpg", image(JPEG))
    server.route("/img/a%20b.jpg", image(GIF, "image/gif"))
    server.route("/img/c(1).png", image(PNG, "image/png"))
    server.route("/img/c%281%29.png", image(PNG, "image/png"))
    return server.url(STORY_PATH)


def test_markdown_links_resolve_to_saved_files(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server, "/img/a%20b.jpg", "/img/c(1).png")
    result = archive(url, str(tmp_path), images=True, options=FAST)
    assert result.path == tmp_path / "2024-03-05-council-approves-transit-plan.md"
    folder = tmp_path / "2024-03-05-council-approves-transit-plan"
    meta, body = split_front_matter(result.path.read_text(encoding="utf-8"))
    links = [meta["image"], *MARKDOWN_IMAGE.findall(body)]
    assert links == [
        f"{folder.name}/lead.jpg",
        f"{folder.name}/a-b.gif",
        f"{folder.name}/c-1.png",
    ]
    assert [(tmp_path / unquote(link)).read_bytes() for link in links] == [JPEG, GIF, PNG]
    files = [f"{folder.name}/{name}" for name in ("lead.jpg", "a-b.gif", "c-1.png")]
    assert listing(tmp_path) == sorted([result.path.name, folder.name, *files])
    assert server.count("/logo.png") == 0
    assert (result.images_saved, result.image_failures) == (3, ())


def test_the_markdown_appears_only_after_the_folder_is_complete(
    server: LocalServer, tmp_path: Path
) -> None:
    seen: list[list[str]] = []

    def watch(handler: RequestHandler) -> None:
        seen.append(listing(tmp_path))
        handler.send_reply(image(PNG, "image/png"))

    url = serve_story(server, "/img/a%20b.jpg")
    server.route("/img/a%20b.jpg", watch)
    result = archive(url, str(tmp_path), images=True, options=FAST)
    # While the second image downloads, the first sits in a hidden temp folder.
    assert len(seen) == 1 and len(seen[0]) == 2
    temp, first = seen[0]
    assert temp.startswith(".2024-03-05-council-approves-transit-plan.") and temp.endswith(".tmp")
    assert first == f"{temp}/lead.jpg"
    assert result.path is not None and result.path.is_file()


def test_interrupted_download_leaves_nothing(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server, "/img/a%20b.jpg")
    with pytest.raises(KeyboardInterrupt):
        archive(url, str(tmp_path), images=True, options=FAST, gate=InterruptAt("a%20b.jpg"))
    assert server.count("/img/lead.jpg") == 1
    assert listing(tmp_path) == []


def test_strict_fails_the_article_and_writes_nothing(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server, "/img/missing.jpg")
    missing = server.url("/img/missing.jpg")
    with pytest.raises(ContentError) as caught:
        archive(url, str(tmp_path), images=True, strict=True, options=FAST)
    assert str(caught.value) == (
        f"1 of 2 images could not be saved (--strict): HTTP 404 Not Found: {missing}"
    )
    assert listing(tmp_path) == []


def test_existing_folder_is_refused_before_any_image_download(
    server: LocalServer, tmp_path: Path
) -> None:
    url = serve_story(server)
    (tmp_path / "2024-03-05-council-approves-transit-plan").mkdir()
    with pytest.raises(OutputExistsError, match="^exists: .*transit-plan \\(use --force"):
        archive(url, str(tmp_path), images=True, options=FAST)
    assert server.count("/img/lead.jpg") == 0
    assert listing(tmp_path) == ["2024-03-05-council-approves-transit-plan"]


def test_force_replaces_the_folder(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server)
    folder = tmp_path / "2024-03-05-council-approves-transit-plan"
    folder.mkdir()
    (folder / "old.jpg").write_bytes(b"old")
    (tmp_path / f"{folder.name}.md").write_text("old")
    archive(url, str(tmp_path), images=True, force=True, options=FAST)
    assert listing(tmp_path) == [folder.name, f"{folder.name}.md", f"{folder.name}/lead.jpg"]


# --- the command --------------------------------------------------------------------------------


def test_cli_warns_once_and_exits_0(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server, "/img/missing.jpg", "/img/gone.jpg")
    result = run(url, "-o", tmp_path, "--images", "--allow-private-network")
    name = "2024-03-05-council-approves-transit-plan.md"
    assert (result.exit_code, result.stdout) == (0, f"{tmp_path / name}\n")
    assert result.stderr == "2 of 3 images could not be saved (they keep their remote URLs)\n"
    _, body = split_front_matter((tmp_path / name).read_text(encoding="utf-8"))
    assert MARKDOWN_IMAGE.findall(body) == [
        server.url("/img/missing.jpg"),
        server.url("/img/gone.jpg"),
    ]


def test_images_of_a_page_on_the_users_own_network_are_saved(
    server: LocalServer, tmp_path: Path
) -> None:
    """The user's URL is on 127.0.0.1: the page's images there are theirs to fetch too."""
    url = serve_story(server)
    result = run(url, "-o", tmp_path, "--images")
    name = "2024-03-05-council-approves-transit-plan"
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / name / "lead.jpg").read_bytes() == JPEG
    assert server.count("/img/lead.jpg") == 1


def test_cli_strict_is_exit_7(server: LocalServer, tmp_path: Path) -> None:
    url = serve_story(server, "/img/missing.jpg")
    result = run(url, "-o", tmp_path, "--images", "--strict", "--allow-private-network")
    missing = server.url("/img/missing.jpg")
    assert (result.exit_code, result.stdout) == (ExitCode.CONTENT, "")
    assert result.stderr == (
        f"Error: 1 of 2 images could not be saved (--strict): HTTP 404 Not Found: {missing}\n"
    )
    assert listing(tmp_path) == []


@pytest.mark.parametrize("option", ["--images", "--save-html", "--warc"])
def test_companions_need_a_file_not_stdout(server: LocalServer, option: str) -> None:
    url = serve_story(server)
    result = run(url, "-o", "-", option)
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr == (
        "Error: --images, --save-html and --warc write files: give -o a folder or file\n"
    )
    assert server.received == []
