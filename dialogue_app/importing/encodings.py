"""Which encoding a CSV file is written in: UTF-8 and UTF-16 by their marks or validity,
otherwise the 8-bit encoding whose letters look most like the names people write
(:func:`rank_encodings`); what the user sees of an encoding (:func:`encoding_label`)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import RawTable


def _looks_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 of mostly Latin text, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even = sample[0::2]
    odd = sample[1::2]
    n = len(even)
    zeros_even = even.count(0) / n
    zeros_odd = odd.count(0) / n
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _is_binary(text: str) -> bool:
    """Many NULs or control characters: not text. (A few NULs are removed and reported.)"""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    # \x7f-\x9f are C1 controls; cp1252 maps most of 0x80-0x9f to printable characters
    return controls > max(2, len(sample) // 100)


#: 8-bit encodings tried when a file is not UTF-8, in order of preference on a tie
EIGHT_BIT = ("cp1252", "cp1250", "cp1254", "cp1251", "mac_roman")
#: every encoding a user can choose in the wizard
ENCODINGS = ("utf-8", *EIGHT_BIT, "utf-16")

#: letters of the languages this app's participants write their names in
#: (Western European, Polish/Czech/Slovak/Croatian/Hungarian/Romanian, Turkish, Cyrillic)
_COMMON_LETTERS = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüÿœšžß"
    "ąćęłńóśźżčďěňřťůőűășțşţ"
    "ğı"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
)
_COMMON = _COMMON_LETTERS | frozenset(c.upper() for c in _COMMON_LETTERS if c not in "ßı") | {"İ"}


def _plausibility(text: str) -> float:
    """How much a decoding looks like names and words people write (higher is better).

    Common letters of the app's languages score, other letters score little,
    symbols and control characters cost; a Latin word made mostly of accented
    letters ("Äìèòðèé" for "Дмитрий") or with a capital after a small letter inside
    a word ("MŸller") is mojibake, and a word mixing Latin and Cyrillic too."""
    score = 0.0
    for word in re.findall(r"[^\s,;\t\"'()\[\]|/]+", text):
        if word.isascii():
            continue
        non_ascii = [ch for ch in word if ord(ch) > 127]
        letters = sum(1 for ch in word if ch.isalpha())
        ascii_letters = sum(1 for ch in word if ch.isascii() and ch.isalpha())
        cyrillic = sum(1 for ch in non_ascii if "\u0400" <= ch <= "\u04ff")
        latin_ext = sum(1 for ch in non_ascii if ch.isalpha() and not "\u0400" <= ch <= "\u04ff")
        word_score = 0.0
        for ch in non_ascii:
            if ch in _COMMON:
                # Scandinavian letters: rarer here than the Central European letters they stand in for
                word_score += 0.5 if ch in "øØåÅ" else 1.0
            elif ch.isalpha():
                word_score += 0.2 if ch in "ýÝ" else -0.3
            elif unicodedata.category(ch)[0] in "CZ":
                word_score -= 3.0
            else:
                word_score -= 1.5  # £ ¹ » © ¿ …: rarely inside a name
        if cyrillic and (ascii_letters or latin_ext):
            word_score -= 2.0 * len(non_ascii)
        elif latin_ext > ascii_letters + 1:
            word_score = -abs(word_score) - latin_ext
        has_lower = any(ch.islower() for ch in word)
        for i, ch in enumerate(word):
            if i and has_lower and ord(ch) > 127 and ch.isupper():
                word_score -= 2.0  # "MŸller", "JosŽ"
        if letters == 0:
            word_score -= 1.0
        score += word_score
    return score


def rank_encodings(data: bytes) -> list[tuple[str, float]]:
    """The 8-bit encodings that decode ``data`` without undefined bytes, best first,
    with their plausibility score (ties keep the order of :data:`EIGHT_BIT`)."""
    sample = data[:200_000]
    ranked = []
    for order, enc in enumerate(EIGHT_BIT):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        ranked.append((enc, _plausibility(text), order))
    ranked.sort(key=lambda r: (-r[1], r[2]))
    return [(enc, score) for enc, score, _o in ranked]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _decode_mixed(data: bytes, fallback: str) -> tuple[str, bool]:
    """Each line as UTF-8 when it is valid UTF-8, otherwise as ``fallback``;
    (text, whether both kinds of line occur)."""
    parts = []
    utf8_lines = other_lines = 0
    for line in _lines(data):
        try:
            parts.append(line.decode("utf-8"))
            if not line.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            parts.append(line.decode(fallback, errors="replace"))
            other_lines += 1
    return "".join(parts), bool(utf8_lines and other_lines)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "cp1250", "utf-8+cp1252" (mixed lines)...
    #: True when the encoding had to be guessed (not UTF-8/UTF-16, or a mix)
    guessed: bool = False
    #: the encodings that were possible, best first (for the user's choice)
    candidates: tuple[str, ...] = ()
    #: a UTF-8 BOM stood in front of text that is not UTF-8
    stray_bom: bool = False


def decode_file(data: bytes, path: Path | str = "", encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes, guessing the encoding unless ``encoding`` is given.

    UTF-16 and UTF-8 are recognised by their BOM or validity. Anything else is an
    8-bit encoding chosen by :func:`rank_encodings`; lines that are valid UTF-8
    stay UTF-8 (files pasted together from two sources). A UTF-8 BOM in front of
    text that is not UTF-8 is dropped."""
    stray_bom = False
    if encoding:
        enc = encoding.lower().replace("_", "-")
        if enc.startswith("utf-16"):
            text = data.decode("utf-16", errors="replace")
        elif enc in ("utf-8", "utf-8-sig"):
            text = data.decode("utf-8-sig", errors="replace")
        else:
            body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
            text, mixed = _decode_mixed(body, encoding)
            encoding = f"utf-8+{encoding}" if mixed else encoding
        return _checked(Decoded(text, encoding, False, ENCODINGS), path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(Decoded(data.decode("utf-16"), "utf-16"), path)
        except UnicodeDecodeError:
            pass
    guess = _looks_utf16(data)
    if guess:
        try:
            return _checked(Decoded(data.decode(guess), guess), path)
        except UnicodeDecodeError:
            pass
    body = data
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(Decoded(data.decode("utf-8-sig"), "utf-8-sig"), path)
        except UnicodeDecodeError:
            body, stray_bom = data[3:], True
    else:
        try:
            return _checked(Decoded(data.decode("utf-8"), "utf-8"), path)
        except UnicodeDecodeError:
            pass
    # not UTF-8 as a whole: score the lines that are not UTF-8 under each 8-bit encoding
    foreign = b"".join(line for line in _lines(body) if not _is_utf8(line))
    ranked = rank_encodings(foreign)
    if not ranked:
        text = body.decode("latin-1")
        return _checked(Decoded(text, "cp1252", True, ENCODINGS, stray_bom), path)
    best = ranked[0][0]
    text, mixed = _decode_mixed(body, best)
    candidates = tuple([enc for enc, _s in ranked] + [e for e in ENCODINGS if e not in dict(ranked)])
    return _checked(Decoded(text, f"utf-8+{best}" if mixed else best, True, candidates, stray_bom), path)


def encoding_label(encoding: str) -> str:
    """What the user sees for an encoding: "Turkish (Windows-1254)"."""
    if encoding.startswith("utf-8+"):
        return _("mixed: UTF-8 and {other}").format(other=encoding_label(encoding[6:]))
    labels = {
        "utf-8": _("Unicode (UTF-8)"),
        "utf-8-sig": _("Unicode (UTF-8)"),
        "utf-16": _("Unicode (UTF-16)"),
        "utf-16-le": _("Unicode (UTF-16)"),
        "utf-16-be": _("Unicode (UTF-16)"),
        "cp1252": _("Western European (Windows-1252)"),
        "cp1250": _("Central European: Polish, Czech… (Windows-1250)"),
        "cp1251": _("Cyrillic (Windows-1251)"),
        "cp1254": _("Turkish (Windows-1254)"),
        "mac_roman": _("Western European, old Mac (Mac Roman)"),
        "xlsx": _("Excel workbook"),
    }
    return labels.get(encoding, encoding)


def non_ascii_samples(table: RawTable, columns: list[int] | None = None, limit: int = 8) -> list[str]:
    """Cells with letters outside ASCII (names first when ``columns`` are given), each once:
    what to look at to see whether the encoding is right."""
    cols = columns if columns else list(range(len(table.headers)))
    out: list[str] = []
    for row in table.rows[:2000]:
        for c in cols:
            cell = row[c].strip() if c < len(row) else ""
            if cell and not cell.isascii() and cell not in out:
                out.append(cell)
                if len(out) >= limit:
                    return out
    return out


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked(decoded: Decoded, path: Path | str) -> Decoded:
    if _is_binary(decoded.text):
        raise ImportRejected(
            _("{path} is not a spreadsheet or CSV file (it looks like binary data).").format(path=path)
        )
    return decoded


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name)."""
    d = decode_file(data, path)
    return d.text, d.encoding
