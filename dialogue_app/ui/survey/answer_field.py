"""One survey answer typed with a single key, and the question as the entry screens show it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import survey as svc
from dialogue_app.survey import instrument as ins


def item_label(item: svc.ItemInfo, event_lang: str) -> str:
    """The question in the current language: a default item whose label was not edited is translated."""
    for d in ins.DEFAULT_ITEMS:
        if d.key == item.key:
            with i18n.language(event_lang):
                stored_default = _(d.label)
            if item.label == stored_default:
                return _(d.label)
    return item.label


class AnswerField(QLineEdit):
    """One answer typed with a single key: 1–5 (scales, options), 1 = yes / 0 or 2 = no.

    A valid key sets the answer and moves on; Enter moves on without an answer;
    Backspace/Delete clears it.
    """

    answered = Signal()  # a digit chose an answer: go to the next item
    advance = Signal()  # Enter: next item, or save after the last one
    save_requested = Signal()  # Ctrl+Enter

    def __init__(self, item: svc.ItemInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.value = ""
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(220)
        self.setPlaceholderText(self._hint())

    def _hint(self) -> str:
        if self.item.kind == "yes_no":
            return _("1 = yes, 0 = no")
        n = len(ins.answer_options(self.item.kind, self.item.choices))
        return _("1–{n}, Enter = no answer").format(n=n)

    def set_value(self, value: str) -> None:
        self.value = value
        labels = dict(ins.answer_options(self.item.kind, self.item.choices))
        if self.item.kind == "text":
            self.setText(value)
        else:
            self.setText(f"{value} – {labels[value]}" if value in labels else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.save_requested.emit()
            return
        if self.item.kind == "text":
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.advance.emit()
                return
            self.setReadOnly(False)
            super().keyPressEvent(event)
            self.value = self.text()
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_value("")
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance.emit()
            return
        if text and text.isdigit():
            raw = text
            if self.item.kind == "yes_no" and text == "2":
                raw = "0"
            v = ins.normalise_answer(self.item.kind, raw, len(self.item.choices))
            if v:
                self.set_value(v)
                self.answered.emit()
            return
        super().keyPressEvent(event)
