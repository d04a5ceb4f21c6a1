"""Hostile images, end to end through the command (issue 6, RELIABILITY.md §3.5, I1-I7).

An image that cannot be saved is not an article failure: by default the
article is written (exit 0), the image keeps its remote URL, one summary line
goes to stderr and no partial image file is left. With ``--strict`` it is: the
run gets the four failure outcomes of ``outcomes.py`` (exit 7, one ``Error:``
line naming the image and the cause, the folder as before, the user's file and
image folder untouched).

Pages and images come from real servers on 127.0.0.1 (``server.py``). The
private-address cases (I2) need a page whose URL counts as public: it is
served from 127.0.0.2, which these tests count as public while every other
address keeps its real classification (as ``test_reliability_network.py``
does for redirects). ``test_images.py`` pins the library-level details
(sniffing, ``data:`` URLs, caps); these pin what a user sees.
"""

from __future__ import annotations

import dataclasses
import functools
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from click.testing import Result

from outcomes import Workspace, assert_four_outcomes, invoke
from pressclip import images
from pressclip.errors import ExitCode
from server import LocalServer, Reply, RequestHandler, Step, never_respond, redirect
from story import STORY, STORY_HTML, TITLE

PAGE_PATH = "/news/story.html"
ARCHIVE = "clip.md"
FOLDER = "clip"
"""The images folder of ``clip.md``."""
KEPT = "(they keep their remote URLs)"
GUARD_HINT = "(--allow-private-network allows it)"
STREAM_CHUNK = 65_536
ENDLESS_BYTES = 200_000_000
"""What the endless image offers: 200 MB, far past the 10 MB cap."""
IMAGE_EXTENSIONS = frozenset({".jpg", ".png", ".gif", ".webp", ".avif", ".svg"})
NOT_AN_IMAGE = "not a JPEG, PNG, GIF, WebP, AVIF or SVG image"

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x02" * 200
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x03" * 50
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
SOFT_404 = b"<!doctype html><html><body><h1>Not found</h1></body></html>"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PASSWD_LINE = "root:x:0:0:"
USER_IMAGE = b"a picture the user keeps"


def jpeg(number: int) -> bytes:
    """A distinct JPEG for each ``number``, so that a mix-up of files shows."""
    return JPEG + number.to_bytes(4, "big")


def story(*sources: str, lead: str | None = None) -> bytes:
    """A story page with a captioned ``<figure>`` for each of ``sources``, before the text."""
    meta = f'<meta property="og:image" content="{lead}">' if lead else ""
    figures = "".join(
        f'<figure><img src="{src}" alt="Picture {number}">'
        f"<figcaption>Caption {number}</figcaption></figure>"
        for number, src in enumerate(sources, 1)
    )
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{TITLE}</title>{meta}"
        f"</head><body><article><h1>{TITLE}</h1>{figures}{STORY_HTML}</article></body></html>"
    ).encode()


def image(body: bytes, content_type: str | None = "image/jpeg", **kwargs: Any) -> Reply:
    return Reply(body=body, content_type=content_type, **kwargs)


def warning(failed: int, total: int) -> str:
    noun = "image" if total == 1 else "images"
    return f"{failed} of {total} {noun} could not be saved {KEPT}\n"


def strict_error(failed: int, total: int, reason: str) -> str:
    noun = "image" if total == 1 else "images"
    return f"{failed} of {total} {noun} could not be saved (--strict): {reason}"


def refused(address: str, url: str) -> str:
    return f"refusing to connect to non-public address {address} {GUARD_HINT}: {url}"


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder``, hidden ones included."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --- fixtures ----------------------------------------------------------------------


@dataclasses.dataclass
class ImageWorkspace(Workspace):
    """A :class:`Workspace` whose user also keeps a folder at the images folder's name."""

    def __post_init__(self) -> None:
        (self.folder / FOLDER).mkdir(parents=True)
        (self.folder / FOLDER / "kept.jpg").write_bytes(USER_IMAGE)
        super().__post_init__()

    def strict(self, url: str, *args: str) -> Result:
        return self.run(url, "--images", "--strict", *args)


@pytest.fixture
def workspace(tmp_path: Path, quick: None) -> ImageWorkspace:
    return ImageWorkspace(tmp_path / "strict")


@pytest.fixture
def out(tmp_path: Path, quick: None) -> Path:
    """An empty output folder for the runs without ``--strict``."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def archive_images(url: str, out: Path, *args: str) -> Result:
    """``pressclip URL -o OUT/clip.md --images``: not quiet, so that the warning shows."""
    return invoke(url, "-o", out / ARCHIVE, "--images", *args)


def assert_saved(result: Result, out: Path, files: dict[str, bytes], stderr: str = "") -> str:
    """Exit 0, the archive path printed, exactly ``files`` in its folder; the Markdown.

    The images folder is made even when no image could be saved (then it is empty).
    """
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out / ARCHIVE}\n"
    assert result.stderr == stderr
    expected = [ARCHIVE, FOLDER, *(f"{FOLDER}/{name}" for name in files)]
    assert listing(out) == sorted(expected)
    for name, data in files.items():
        assert (out / FOLDER / name).read_bytes() == data
    text = (out / ARCHIVE).read_text(encoding="utf-8")
    assert text.endswith(f"{STORY[-1]}\n")
    return text


def assert_failed(result: Result, out: Path, failed: int, total: int, urls: list[str]) -> str:
    """Exit 0 with the summary warning; each of ``urls`` kept remote in the Markdown."""
    text = assert_saved(result, out, {}, warning(failed, total))
    for url in urls:
        assert f"]({url})" in text
    return text


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> images.ImageLimits:
    """The command's image caps made small (5 kB each, 10 kB in all, 5 images), for speed."""
    limits = images.ImageLimits(max_bytes=5_000, max_total_bytes=10_000, max_count=5)
    monkeypatch.setattr(
        images, "ImageLimits", functools.partial(images.ImageLimits, **vars(limits))
    )
    return limits


def serve(server: LocalServer, *sources: str, lead: str | None = None) -> str:
    server.route(PAGE_PATH, Reply(body=story(*sources, lead=lead)))
    return server.url(PAGE_PATH)


# --- I1: non-http image sources ------------------------------------------------------------

NON_HTTP = [
    "file:///etc/passwd",
    "ftp://files.example.org/a.png",
    "smb://host/share/a.png",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAH"
    "ggJ/PchI7wAAAABJRU5ErkJggg==",
    "data:image/png;base64,not*valid*base64",
    "data:text/html,<script>alert(1)</script>",
]


def test_non_http_image_sources_are_never_fetched(
    server: LocalServer, out: Path, workspace: ImageWorkspace
) -> None:
    """``file:``, ``ftp:``, ``smb:``, ``javascript:`` and ``data:`` sources are left out of the
    article, so nothing is fetched, decoded or saved for them, even with ``--strict``."""
    url = serve(server, *NON_HTTP, "/img/real.jpg", lead="file:///etc/passwd")
    server.route("/img/real.jpg", image(JPEG))
    text = assert_saved(archive_images(url, out), out, {"real.jpg": JPEG})
    assert "Caption 1" in text and f"![Picture {len(NON_HTTP) + 1}]({FOLDER}/real.jpg)" in text
    for scheme in ("file:", "ftp:", "smb:", "javascript:", "data:"):
        assert scheme not in text
    assert [r.path for r in server.received] == [PAGE_PATH, "/img/real.jpg"]

    result = workspace.strict(url)
    assert result.exit_code == 0, result.stderr
    assert (workspace.folder / FOLDER / "real.jpg").read_bytes() == JPEG


def test_unc_path_stays_on_the_pages_own_host(server: LocalServer, out: Path) -> None:
    r"""``\\host\share\a.png`` is a relative path of the page's own site, never another host."""
    url = serve(server, "\\\\host\\share\\a.png")
    kept = server.url("/news/%5C%5Chost%5Cshare%5Ca.png")
    assert_failed(archive_images(url, out), out, 1, 1, [kept])
    assert [r.path for r in server.received] == [PAGE_PATH, "/news/%5C%5Chost%5Cshare%5Ca.png"]


def test_saved_page_image_paths_are_not_read_from_disk(
    tmp_path: Path, out: Path, workspace: ImageWorkspace
) -> None:
    """A saved page read without ``--url``: its relative image paths are refused, so a page
    cannot make pressclip copy a local file (``/etc/passwd``, a picture beside the page)."""
    saved = tmp_path / "page" / "saved.html"
    saved.parent.mkdir()
    (saved.parent / "secret.png").write_bytes(PNG)
    saved.write_bytes(story("../../../../../../etc/passwd", "secret.png", "\\\\host\\share\\a.png"))
    sources = ["../../../../../../etc/passwd", "secret.png", "%5C%5Chost%5Cshare%5Ca.png"]
    text = assert_failed(archive_images(str(saved), out), out, 3, 3, sources)
    assert PASSWD_LINE not in text

    reason = f"only http(s) and data: images are saved: {sources[0]}"
    result = workspace.strict(str(saved))
    assert_four_outcomes(result, workspace, ExitCode.CONTENT, strict_error(3, 3, reason))


# --- I2: images on private addresses, from a public page ------------------------------------

LOOPBACK_FORMS = [
    ("literal", "http://127.0.0.1:{port}/x.png", "127.0.0.1"),
    ("localhost", "http://localhost:{port}/x.png", "127.0.0.1"),
    ("ipv4-mapped-ipv6", "http://[::ffff:127.0.0.1]:{port}/x.png", "::ffff:127.0.0.1"),
    ("decimal", "http://2130706433:{port}/x.png", "127.0.0.1"),
    ("hex-short", "http://0x7f.1:{port}/x.png", "127.0.0.1"),
    ("name-resolving-to-loopback", "http://images.example:{port}/x.png", "127.0.0.1"),
]


def check_refused(
    public_server: LocalServer,
    out: Path,
    workspace: ImageWorkspace,
    src: str,
    refused_url: str,
    address: str,
) -> None:
    """The page on the public site shows ``src``: saved nowhere, with and without ``--strict``."""
    public_server.route(PAGE_PATH, Reply(body=story(src)))
    url = public_server.url(PAGE_PATH)
    assert_failed(archive_images(url, out), out, 1, 1, [src])
    message = strict_error(1, 1, refused(address, refused_url))
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


@pytest.mark.parametrize(
    ("template", "address"),
    [form[1:] for form in LOOPBACK_FORMS],
    ids=[form[0] for form in LOOPBACK_FORMS],
)
def test_loopback_image_of_a_public_page_is_refused(
    server: LocalServer,
    public_server: LocalServer,
    resolver_stub: dict[str, str],
    out: Path,
    workspace: ImageWorkspace,
    template: str,
    address: str,
) -> None:
    resolver_stub["images.example"] = "127.0.0.1"
    server.route("/x.png", image(PNG, "image/png"))
    src = template.format(port=server.port)
    check_refused(public_server, out, workspace, src, src, address)
    assert server.received == []


def test_ipv6_loopback_image_of_a_public_page_is_refused(
    public_server: LocalServer, out: Path, workspace: ImageWorkspace
) -> None:
    try:
        loopback6 = LocalServer(address="::1")
    except OSError:  # pragma: no cover -- a machine without IPv6
        pytest.skip("no IPv6 loopback here")
    with loopback6:
        loopback6.route("/x.png", image(PNG, "image/png"))
        src = loopback6.url("/x.png")
        check_refused(public_server, out, workspace, src, src, "::1")
    assert loopback6.received == []


def test_public_image_redirecting_to_loopback_is_refused(
    server: LocalServer, public_server: LocalServer, out: Path, workspace: ImageWorkspace
) -> None:
    server.route("/x.png", image(PNG, "image/png"))
    public_server.route("/img/moved.png", redirect(server.url("/x.png")))
    src = public_server.url("/img/moved.png")
    check_refused(public_server, out, workspace, src, server.url("/x.png"), "127.0.0.1")
    assert server.received == []
    assert public_server.count("/img/moved.png") == 2


def test_public_page_and_public_image_are_saved(public_server: LocalServer, out: Path) -> None:
    """The control case: the guard refuses the addresses above, not every image."""
    public_server.route("/img/photo.jpg", image(JPEG))
    public_server.route(PAGE_PATH, Reply(body=story("/img/photo.jpg")))
    result = archive_images(public_server.url(PAGE_PATH), out)
    assert f"]({FOLDER}/photo.jpg)" in assert_saved(result, out, {"photo.jpg": JPEG})


def test_allow_private_network_lets_the_loopback_image_through(
    server: LocalServer, public_server: LocalServer, out: Path
) -> None:
    server.route("/x.png", image(PNG, "image/png"))
    public_server.route(PAGE_PATH, Reply(body=story(server.url("/x.png"))))
    result = archive_images(public_server.url(PAGE_PATH), out, "--allow-private-network")
    assert_saved(result, out, {"x.png": PNG})
    assert server.count("/x.png") == 1


# --- I3: too large ------------------------------------------------------------------------------


def endless_jpeg(handler: RequestHandler) -> None:
    """A JPEG with no Content-Length that goes on for 200 MB, until the client hangs up."""
    handler.send_head(200, (("Connection", "close"),), "image/jpeg")
    handler.end_headers()
    handler.close_connection = True
    handler.wfile.write(JPEG)
    for _ in range(ENDLESS_BYTES // STREAM_CHUNK):
        handler.wfile.write(b"\0" * STREAM_CHUNK)


OVERSIZE = [
    ("200MB-no-length", endless_jpeg),
    (
        "declared-1GB",
        image(JPEG, headers=(("Content-Length", "1000000000"),), content_length=False),
    ),
]


@pytest.mark.parametrize("step", [case[1] for case in OVERSIZE], ids=[case[0] for case in OVERSIZE])
def test_oversize_image_is_skipped_at_the_cap(
    server: LocalServer,
    out: Path,
    workspace: ImageWorkspace,
    step: Reply | Callable[[RequestHandler], None],
) -> None:
    url = serve(server, "/img/huge.jpg", "/img/small.jpg")
    server.route("/img/huge.jpg", step)
    server.route("/img/small.jpg", image(JPEG))
    huge = server.url("/img/huge.jpg")
    text = assert_saved(archive_images(url, out), out, {"small.jpg": JPEG}, warning(1, 2))
    assert f"]({huge})" in text

    reason = f"response larger than 10 MB: {huge}"
    message = strict_error(1, 2, reason)
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


def test_total_image_budget_is_enforced(
    server: LocalServer, out: Path, workspace: ImageWorkspace, small_caps: images.ImageLimits
) -> None:
    """Three 4 kB images against a 10 kB budget: the third keeps its remote URL."""
    bodies = [JPEG + bytes([number]) * (4_000 - len(JPEG)) for number in range(3)]
    for number, body in enumerate(bodies):
        server.route(f"/img/{number}.jpg", image(body))
    url = serve(server, "/img/0.jpg", "/img/1.jpg", "/img/2.jpg")
    third = server.url("/img/2.jpg")
    saved = {"0.jpg": bodies[0], "1.jpg": bodies[1]}
    text = assert_saved(archive_images(url, out), out, saved, warning(1, 3))
    assert f"]({third})" in text

    reason = f"images would pass the total cap of 10,000 bytes: {third}"
    message = strict_error(1, 3, reason)
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


# --- I4: the type comes from the bytes ---------------------------------------------------------

NON_IMAGES = [
    ("html-typed", Reply(body=SOFT_404), "expected an image, got text/html: {url}"),
    ("soft-404-as-jpeg", image(SOFT_404), f"{NOT_AN_IMAGE}: {{url}}"),
    ("unlabelled-html", image(SOFT_404, None), f"{NOT_AN_IMAGE}: {{url}}"),
    ("pdf-as-octet-stream", image(PDF, "application/octet-stream"), f"{NOT_AN_IMAGE}: {{url}}"),
]


@pytest.mark.parametrize(
    ("reply", "reason"), [case[1:] for case in NON_IMAGES], ids=[case[0] for case in NON_IMAGES]
)
def test_non_image_is_not_saved(
    server: LocalServer, out: Path, workspace: ImageWorkspace, reply: Reply, reason: str
) -> None:
    url = serve(server, "/img/photo.jpg")
    server.route("/img/photo.jpg", reply)
    photo = server.url("/img/photo.jpg")
    assert_failed(archive_images(url, out), out, 1, 1, [photo])
    message = strict_error(1, 1, reason.format(url=photo))
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


def test_extension_comes_from_the_sniffed_type(server: LocalServer, out: Path) -> None:
    """Neither the URL's extension, the Content-Type nor Content-Disposition names the file."""
    server.route("/img/run.sh", image(PNG, "image/png"))
    server.route("/img/diagram", image(PNG, "application/octet-stream"))
    server.route("/img/page.html", image(GIF, "image/jpeg"))
    server.route("/img/launcher.desktop", image(jpeg(1), None))
    disposition = (("Content-Disposition", 'attachment; filename="tool.bat"'),)
    server.route("/img/photo", image(jpeg(2), headers=disposition))
    server.route("/img/chart.svg", image(SVG_WITH_SCRIPT, "image/svg+xml"))
    paths = ["/img/run.sh", "/img/diagram", "/img/page.html", "/img/launcher.desktop"]
    url = serve(server, *paths, "/img/photo", "/img/chart.svg")
    files = {
        "run.png": PNG,
        "diagram.png": PNG,
        "page.gif": GIF,
        "launcher-desktop.jpg": jpeg(1),
        "photo.jpg": jpeg(2),
        "chart.svg": SVG_WITH_SCRIPT,
    }
    text = assert_saved(archive_images(url, out), out, files)
    assert all(Path(name).suffix in IMAGE_EXTENSIONS for name in files)
    # The SVG is a linked file, never inlined into the Markdown.
    assert f"]({FOLDER}/chart.svg)" in text
    assert "<svg" not in text and "<script" not in text


# --- I5: pressclip names the files itself --------------------------------------------------------

LONG_NAME = "n" * 300


def test_image_names_stay_inside_the_folder_and_never_collide(
    server: LocalServer, out: Path
) -> None:
    """Names come from the URL's last segment as a slug, numbered on a clash, inside the folder."""
    served = {
        "/x.png": ("../../x.png", image(PNG, "image/png"), "x.png"),
        "/news/a.png": ("a.png?x=../../y", image(GIF, "image/gif"), "a.gif"),
        f"/img/{LONG_NAME}.jpg": (f"/img/{LONG_NAME}.jpg", image(jpeg(1)), "n" * 80 + ".jpg"),
        "/dl": (
            "/dl?id=7",
            image(jpeg(2), headers=(("Content-Disposition", 'inline; filename="../evil.jpg"'),)),
            "dl.jpg",
        ),
        "/a/photo.jpg": ("/a/photo.jpg", image(jpeg(3)), "photo.jpg"),
        "/b/Photo.JPG": ("/b/Photo.JPG", image(jpeg(4)), "photo-2.jpg"),
        "/img/..%2F..%2Fescape.jpg": ("/img/..%2F..%2Fescape.jpg", image(jpeg(5)), "escape.jpg"),
        "/img/..%5C..%5Cwin.jpg": ("/img/..%5C..%5Cwin.jpg", image(jpeg(6)), "win.jpg"),
    }
    for path, (_, reply, _) in served.items():
        server.route(path, reply)
    url = serve(server, *(src for src, _, _ in served.values()))
    files = {name: reply.body for _, reply, name in served.values()}
    text = assert_saved(archive_images(url, out), out, files)
    folder = (out / FOLDER).resolve()
    assert all((folder / name).resolve().parent == folder for name in files)
    assert all(f"]({FOLDER}/{name})" in text for name in files)
    assert not (out.parent / "evil.jpg").exists()


# --- I6: repeated and countless images ----------------------------------------------------------


def test_an_image_repeated_1000_times_is_fetched_once(server: LocalServer, out: Path) -> None:
    url = serve(server, *["/img/photo.jpg"] * 1000, lead="/img/photo.jpg")
    server.route("/img/photo.jpg", image(JPEG))
    text = assert_saved(archive_images(url, out), out, {"photo.jpg": JPEG})
    assert server.count("/img/photo.jpg") == 1
    assert f"]({FOLDER}/photo.jpg)" in text and "/img/photo.jpg" not in text


def test_5000_distinct_images_stop_at_the_count_cap(
    server: LocalServer, out: Path, workspace: ImageWorkspace, small_caps: images.ImageLimits
) -> None:
    """Past the cap no request is made; the rest keep their remote URLs."""
    paths = [f"/img/{number}.jpg" for number in range(5000)]
    for number, path in enumerate(paths[:10]):
        server.route(path, image(jpeg(number)))
    url = serve(server, *paths)
    files = {f"{number}.jpg": jpeg(number) for number in range(5)}
    text = assert_saved(archive_images(url, out), out, files, warning(4995, 5000))
    assert [r.path for r in server.received] == [PAGE_PATH, *paths[:5]]
    assert f"]({server.url(paths[5])})" in text and f"]({server.url(paths[-1])})" in text

    reason = f"more than 5 images: {server.url(paths[5])}"
    message = strict_error(4995, 5000, reason)
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


def test_count_cap_is_100_by_default(server: LocalServer, out: Path) -> None:
    paths = [f"/img/{number}.jpg" for number in range(101)]
    for number, path in enumerate(paths):
        server.route(path, image(jpeg(number)))
    url = serve(server, *paths)
    files = {f"{number}.jpg": jpeg(number) for number in range(100)}
    assert_saved(archive_images(url, out), out, files, warning(1, 101))
    assert server.count(paths[100]) == 0


# --- I7: some images fail -------------------------------------------------------------------------


@pytest.fixture
def untrusted_https() -> Iterator[LocalServer]:
    """An HTTPS image host whose certificate comes from a CA nobody trusts."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    with LocalServer(tls=context) as secure:
        secure.route("/x.jpg", image(JPEG))
        yield secure


def partial_jpeg(declared: int, *, stall: bool) -> Callable[[RequestHandler], None]:
    """A JPEG that declares ``declared`` bytes, sends 100, then stalls or closes."""

    def handle(handler: RequestHandler) -> None:
        handler.send_head(200, (("Content-Length", str(declared)),), "image/jpeg")
        handler.end_headers()
        handler.wfile.write(JPEG[:100])
        if stall:
            never_respond(handler)
        handler.close_connection = True

    return handle


BROKEN: list[tuple[str, list[Step], str]] = [
    # id, the failing image's steps, reason ({url} is its URL)
    ("404", [Reply(404, b"not found", content_type="text/plain")], "HTTP 404 Not Found: {url}"),
    ("no-response", [never_respond], "timed out waiting for response after 0.5s: {url}"),
    ("stalls-mid-body", [partial_jpeg(211, stall=True)],
     "timed out waiting for response after 0.5s: {url}"),
    ("cut-off", [partial_jpeg(211, stall=False)],
     "connection broken after 100 of 211 bytes: {url}"),
]  # fmt: skip


def test_some_images_fail_and_the_article_is_still_written(
    server: LocalServer, untrusted_https: LocalServer, out: Path
) -> None:
    good = [f"/img/{number}.jpg" for number in range(7)]
    for number, path in enumerate(good):
        server.route(path, image(jpeg(number)))
    broken = []
    for case_id, steps, _ in BROKEN:
        server.route(f"/img/{case_id}.jpg", *steps)
        broken.append(server.url(f"/img/{case_id}.jpg"))
    insecure = untrusted_https.url("/x.jpg")
    url = serve(server, *good[:4], *broken, insecure, *good[4:])
    result = archive_images(url, out)
    retry = f"retrying {server.url('/img/cut-off.jpg')} in 0.01s (connection broken)\n"
    files = {f"{number}.jpg": jpeg(number) for number in range(7)}
    text = assert_saved(result, out, files, retry + warning(5, 12))
    for remote in (*broken, insecure):
        assert f"]({remote})" in text
    assert untrusted_https.received == []


@pytest.mark.parametrize(
    ("steps", "reason"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_strict_fails_on_a_broken_image(
    server: LocalServer, workspace: ImageWorkspace, steps: list[Step], reason: str
) -> None:
    server.route("/img/good.jpg", image(JPEG))
    server.route("/img/bad.jpg", *steps)
    url = serve(server, "/img/good.jpg", "/img/bad.jpg")
    message = strict_error(1, 2, reason.format(url=server.url("/img/bad.jpg")))
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)


def test_strict_fails_on_an_untrusted_certificate(
    server: LocalServer, untrusted_https: LocalServer, workspace: ImageWorkspace
) -> None:
    insecure = untrusted_https.url("/x.jpg")
    url = serve(server, insecure)
    message = strict_error(1, 1, f"certificate verify failed: {insecure}")
    assert_four_outcomes(workspace.strict(url), workspace, ExitCode.CONTENT, message)
    assert untrusted_https.received == []


def test_quiet_leaves_the_warning_out(server: LocalServer, out: Path) -> None:
    url = serve(server, "/img/missing.jpg")
    result = archive_images(url, out, "-q")
    assert_saved(result, out, {})
    assert f"]({server.url('/img/missing.jpg')})" in (out / ARCHIVE).read_text(encoding="utf-8")
