"""Turn a page's bytes into text the way a browser would, without ever raising.

Order: a byte-order mark; then UTF-8 when the bytes are valid UTF-8 (a
declaration saying otherwise is then a stale template: non-ASCII text that
happens to be valid UTF-8 in another encoding is vanishingly rare); then the
charset the HTTP header named; then a ``<meta charset>`` or http-equiv
declaration in the first bytes; then a statistical detector
(charset-normalizer), preferring the web's common codecs among its equally
good guesses; last, UTF-8 with replacement characters. A declared charset that
cannot decode the bytes is passed over, not trusted. Control characters other
than tab and newlines (C0, DEL, C1) and lone surrogates are removed; NEXT LINE
(U+0085), a line break, becomes a space.
"""

from __future__ import annotations

import codecs
import re

PRESCAN_BYTES = 4096
# https://mimesniff.spec.whatwg.org/#binary-data-byte
BINARY_DATA_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
BINARY_SNIFF_BYTES = 8192
BINARY_MIN_COUNT = 16
BINARY_SHARE = 0.01
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The WHATWG prescan reads declarations from raw bytes before any parsing, so a
# byte pattern is the right tool here (https://html.spec.whatwg.org/#prescan).
META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
# Labels that browsers decode with a superset codec.
WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
}
DETECT_BYTES = 200_000
# Legacy codecs, the most common on the web first: the tie-break in detection.
WEB_CODECS = tuple(
    codecs.lookup(name).name
    for name in (
        "cp1252", "cp1251", "shift_jis", "gb18030", "euc_kr", "cp1250", "big5", "euc_jp",
        "cp1256", "cp1254", "cp1253", "cp1255", "cp1257", "iso8859-2", "koi8-r", "tis-620",
    )
)  # fmt: skip
# Characters lxml and YAML cannot carry, or a terminal would obey: C0 controls but
# tab and newlines, DEL, C1 controls, and lone surrogates (only text given as str
# can hold those). Removed from decoded text (a regex is C-fast, str.translate with
# a dict walks the text in Python), except NEXT LINE, a line break: it becomes a space.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
NEXT_LINE = "\x85"
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
UTF8_C1 = re.compile(rb"\xc2[\x80-\x9f]")
"""How UTF-8 spells a C1 control."""
# Codecs that decode each control byte to the same character and make no other
# control character (for UTF-8, once ``UTF8_C1`` is ruled out): bytes free of
# them decode to text free of them.
CONTROL_FAITHFUL = frozenset({"utf-8", "cp1252"})


def _undefined_as_control(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "", error.end


WHATWG_CP1252 = "pressclip-cp1252"
codecs.register_error(WHATWG_CP1252, _undefined_as_control)


def looks_binary(data: bytes) -> bool:
    """Whether bytes are no text page: an image, an archive, a PDF's streams.

    The WHATWG sniffing rule's "binary data bytes" (controls other than white
    space and escape), counted rather than merely found, so that a page with a
    few stray control characters is still read as the page it is.
    """
    head = data[:BINARY_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in BOMS):
        return False
    found = len(head) - len(head.translate(None, BINARY_DATA_BYTES))
    return found >= BINARY_MIN_COUNT and found >= len(head) * BINARY_SHARE


def decode(data: bytes | str, charset: str | None = None) -> str:
    """Decode ``data`` to text; ``charset`` is the transport's declaration, if any."""
    if isinstance(data, str):
        return _without_controls(data)
    text, codec = _decode(data, charset)
    if codec in CONTROL_FAITHFUL and not _has_control_bytes(data, codec):
        return text
    return _without_controls(text)


def _without_controls(text: str) -> str:
    return CONTROL_CHARS.sub("", text.replace(NEXT_LINE, " "))


def _has_control_bytes(data: bytes, codec: str) -> bool:
    """Whether ``data`` may decode to a control character (checking the bytes is some five
    times faster than searching the text)."""
    if len(data.translate(None, CONTROL_BYTES)) != len(data):
        return True
    return codec == "utf-8" and UTF8_C1.search(data) is not None


def _decode(data: bytes, charset: str | None) -> tuple[str, str]:
    """The text, and the name of the codec that made it."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    for declared in ("utf-8", charset, _meta_charset(data[:PRESCAN_BYTES])):
        name = _codec_name(declared)
        text = _try_decode(data, name) if name else None
        if name and text is not None:
            return text, name
    return _detect(data)


def _meta_charset(head: bytes) -> str | None:
    match = META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that declares UTF-16 in ASCII-compatible bytes is really UTF-8 (WHATWG).
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def _try_decode(data: bytes, name: str) -> str | None:
    # Browsers decode the five bytes cp1252 leaves undefined as C1 controls, not as errors.
    errors = WHATWG_CP1252 if name == "cp1252" else "strict"
    try:
        return data.decode(name, errors=errors)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str]:
    """Decode with the detector's least chaotic guess, preferring the web's common codecs.

    On a page with a few accented letters many single-byte codecs read equally
    well; the detector may then rank a DOS or Baltic code page first, where the
    page was almost surely windows-1252 (or another codec in ``WEB_CODECS``).
    """
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data[:DETECT_BYTES]) if m.encoding]
    if not matches:
        return data.decode("utf-8", errors="replace"), "utf-8"
    calmest = min(m.chaos for m in matches)
    candidates = [m.encoding for m in matches if m.chaos <= calmest]
    encoding = min(candidates, key=_web_rank)
    return data.decode(encoding, errors="replace"), encoding


def _web_rank(encoding: str) -> int:
    """Position of ``encoding`` in ``WEB_CODECS``; unknown codecs come after them all."""
    name = _codec_name(encoding)
    return WEB_CODECS.index(name) if name in WEB_CODECS else len(WEB_CODECS)
