"""What the event already knows, as plain data for checking an import against it.

:mod:`dialogue_app.services.importing` loads the rows (dimensions and their categories,
people, active consents); the indexes built here from those rows are what
:mod:`dialogue_app.importing.validation` looks values and people up in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from dialogue_app import i18n, vocab
from dialogue_app.importing import values as V
from dialogue_app.importing.lookalike import skeleton


@dataclass
class ImportDimension:
    key: str
    name: str
    sensitive: bool
    open: bool
    #: folded spelling -> category label
    index: dict[str, str] = field(default_factory=dict)
    #: category key -> label (built-in categories)
    by_key: dict[str, str] = field(default_factory=dict)
    #: built-in concept ("Dutch") -> the event's category label for it, open dimensions
    concepts: dict[str, str] = field(default_factory=dict)


@dataclass
class ExistingPerson:
    id: uuid.UUID
    code: str
    name: str  # folded
    display: str


@dataclass(frozen=True)
class EventFacts:
    """Everything :func:`dialogue_app.importing.validation.validate_table` needs of the event."""

    #: the event's date (ages are counted at it) and language (of new categories)
    date: dt.date | None
    language: str
    dims: dict[str, ImportDimension]
    #: participant code -> person, identity hash -> person
    by_code: dict[str, ExistingPerson]
    by_key: dict[str, ExistingPerson]
    #: skeleton of each existing e-mail -> (the e-mail in lower case, the person's name)
    lookalikes: dict[str, tuple[str, str]]
    #: person id -> keys of dimensions with an active consent
    consented: dict[uuid.UUID, set[str]]


def dimension_index(key: str, name: str, sensitive: bool, open_: bool,
                    categories: Iterable[tuple[str, str]]) -> ImportDimension:
    """A dimension with every spelling its categories (``(label, key)`` in order) are known by."""
    categories = list(categories)
    langs = V.catalog_languages()
    info = ImportDimension(key, name, sensitive, open_)
    spec = vocab.spec(key)
    spec_cats = {c.key: c for c in spec.categories} if spec else {}
    for label, cat_key in categories:
        info.index.setdefault(V.key(label), label)
        if cat_key:
            info.by_key[cat_key] = label
            info.index.setdefault(V.key(cat_key), label)
    # open dimensions: "Nederlands", "Néerlandaise", "dutch" all name the category "Dutch"
    if open_:
        for label, _cat_key in categories:
            concept = V.category_concept(label)
            if concept is not None and concept not in info.concepts:
                info.concepts[concept] = label
                for spelling in V.concept_spellings(concept):
                    info.index.setdefault(spelling, label)
    # synonyms and translated labels only for closed vocabularies (and only of categories present)
    for label, cat_key in categories:
        cs = spec_cats.get(cat_key)
        if cs is None:
            continue
        for s in cs.synonyms:
            info.index.setdefault(V.key(s), label)
        for lang in langs:
            with i18n.language(lang):
                info.index.setdefault(V.key(i18n.gettext(cs.label)), label)
    return info


def people_index(rows: Iterable[tuple[uuid.UUID, str, str, str, str, str, str | None]]
                 ) -> tuple[dict[str, ExistingPerson], dict[str, ExistingPerson]]:
    """By code and by identity hash, from (id, code, first, last, e-mail, phone, identity key) rows."""
    by_code: dict[str, ExistingPerson] = {}
    by_key: dict[str, ExistingPerson] = {}
    for pid, code, first, last, email, phone, ikey in rows:
        ex = ExistingPerson(pid, code, V.key(f"{first} {last}"), f"{first} {last}".strip())
        if code:
            by_code[code] = ex
        for k in V.identity_keys(first, last, email, phone):
            by_key.setdefault(V.identity_hash(k), ex)
        if ikey:
            by_key.setdefault(ikey, ex)
    return by_code, by_key


def emails_by_skeleton(rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """skeleton of each existing e-mail -> (the e-mail in lower case, the person's name),
    from (first, last, e-mail) rows."""
    out: dict[str, tuple[str, str]] = {}
    for first, last, email in rows:
        out.setdefault(skeleton(email), (email.strip().lower(), f"{first} {last}".strip()))
    return out
