"""A code field that also finds people by name: typing "yilmaz" offers "Hüseyin Yılmaz — K7QM3X"
(the forgiving matcher of :mod:`dialogue_app.textsearch`); choosing one puts the code in the field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from dialogue_app import textsearch
from dialogue_app.services.seating.door import SearchPerson

#: At most this many names in the list under the field.
MAX_SHOWN = 12


class PersonFinder(QObject):
    """Attach to a QLineEdit where a participant code is typed or scanned."""

    chosen = Signal(str)  # the code of the person picked from the list

    def __init__(self, field: QLineEdit, load: Callable[[], list[SearchPerson]]) -> None:
        super().__init__(field)
        self.field = field
        self.load = load
        self._people: list[SearchPerson] | None = None
        self._keys: list[tuple[str, ...]] = []
        self._shown: list[SearchPerson] = []
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(field)
        self.completer.activated.connect(self._activated)
        field.textEdited.connect(self._edited)

    def reset(self) -> None:
        """Forget the loaded people (after the event's people changed)."""
        self._people = None

    def _ensure(self) -> list[SearchPerson]:
        if self._people is None:
            self._people = list(self.load())
            self._keys = [textsearch.search_key(p.search_parts) for p in self._people]
        return self._people

    def matching(self, text: str) -> list[SearchPerson]:
        """The people whose name, code or e-mail the text matches (forgiving)."""
        words = textsearch.query_words(text)
        if not words:
            return []
        people = self._ensure()
        return [p for p, k in zip(people, self._keys, strict=True) if textsearch.key_matches(words, k)]

    def resolve(self, text: str) -> str | None:
        """The code of the only person the text matches (None: nobody or several)."""
        found = self.matching(text)
        return found[0].code if len(found) == 1 else None

    def _edited(self, text: str) -> None:
        self._shown = self.matching(text)[:MAX_SHOWN]
        if len(text.strip()) < 2 or not self._shown:
            popup = self.completer.popup()
            assert popup is not None  # QCompleter makes its popup on demand
            popup.hide()
            return
        self.model.setStringList([f"{p.name} — {p.code}" for p in self._shown])
        self.completer.complete()

    def _activated(self, label: str) -> None:
        code = next((p.code for p in self._shown if label.endswith("— " + p.code)), None)
        if code is not None:
            self.field.setText(code)
            self.chosen.emit(code)
