"""The messy registration file of the journey test, written the way a real one arrives: exported
by Excel on a Windows machine (Turkish code page: the Western letters are the same bytes as in
cp1252), with a UTF-8 byte-order mark in front that does not belong there, ``;`` between the
columns, Dutch headers, one person registered twice and one impossible birth date."""

from __future__ import annotations

from pathlib import Path

HEADERS = ("Voornaam", "Achternaam", "E-mail", "Geboortedatum", "Geslacht", "Wijk", "Taal", "Rol")

FIRST = ("Hüseyin", "Anouk", "Mohamed", "Ayşe", "Lotte", "Şükrü", "Daan", "Fatma", "Noël", "İbrahim",
         "Sanne", "Gülşen", "Bram", "Yasmina", "Zoë", "Oğuz", "Eline", "Karim", "Renée", "Çağla")
LAST = ("Yılmaz", "de Vries", "El Amrani", "Öztürk", "Jansen", "Kılıç", "Bakker", "Doğan", "Müller", "Şahin",
        "Visser", "Çelik", "Smit", "Bouzid", "van Dijk", "Aydın", "Meijer", "Haddou", "Lefèvre", "Koç")
WIJK = ("Noord", "Oost", "Zuid", "West", "Centrum")
GENDER = ("man", "vrouw")
TAAL = ("nl", "nl, tr", "nl, ar", "nl, en", "fr, nl")

#: the people who are certainly in the file (and the check-in step looks them up)
YILMAZ = ("Hüseyin", "Yılmaz")
PEOPLE = 100  # rows of distinct people; the file has one more (the duplicate)
FACILITATORS = 17  # every 6th person, from the 2nd: one per table
BAD_DATE_ROW = 7  # the 7th person was born on 31-02-1984
DUPLICATE_OF = 12  # the 12th person registered twice (same e-mail)


def rows() -> list[tuple[str, ...]]:
    """The registrations: 100 distinct people (first names × last names, no two alike), 17 of them
    facilitators ("gespreksleider"), the 12th once more at the end."""
    out = []
    for i in range(PEOPLE):
        first = FIRST[i % len(FIRST)]
        last = LAST[(i + i // len(FIRST)) % len(LAST)]
        email = f"{ascii_of(first)}.{ascii_of(last)}{i}@example.org".replace(" ", "")
        year = 1950 + (i * 7) % 55
        born = f"{1 + i % 28:02d}-{1 + i % 12:02d}-{year}"
        if i + 1 == BAD_DATE_ROW:
            born = "31-02-1984"
        role = "gespreksleider" if i % 6 == 1 else "deelnemer"
        out.append((first, last, email, born, GENDER[i % 2], WIJK[i % len(WIJK)], TAAL[i % len(TAAL)], role))
    out.append(out[DUPLICATE_OF - 1])
    return out


def ascii_of(text: str) -> str:
    table = str.maketrans("üşıöğçİŞÖÜÇëéèï", "usiogcISOUCeeei")
    return text.translate(table).lower()


def write(path: Path) -> Path:
    """The file as bytes: UTF-8 mark, then Windows-1254 text (cp1252 for every Western letter)."""
    lines = [";".join(HEADERS)] + [";".join(r) for r in rows()]
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("cp1254"))
    return path
