"""Dialog for a new event: title, theme, date, language, table sizes, file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _


class NewEventDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New event"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.theme = QLineEdit()
        for field in (self.title, self.theme):  # room for a whole title such as "Dag van de Dialoog Noord"
            field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 40)
        self.date = QDateEdit(QDate.currentDate().addDays(30))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(i18n.qt_date_format())
        self.language = QComboBox()
        for code in i18n.available_languages():
            self.language.addItem(i18n.language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        sizes = QHBoxLayout()
        self.size_min, self.size_max = QSpinBox(), QSpinBox()
        for box, value, name in ((self.size_min, 6, _("Minimum table size")), (self.size_max, 8, _("Maximum table size"))):
            box.setRange(1, 50)
            box.setValue(value)
            box.setAccessibleName(name)
            sizes.addWidget(box)
        for w, name in ((self.title, _("Title")), (self.theme, _("Theme")), (self.date, _("Date")),
                        (self.language, _("Language of the event"))):
            w.setAccessibleName(name)
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("T&heme:"), self.theme)
        form.addRow(_("&Date:"), self.date)
        form.addRow(_("Event &language:"), self.language)
        # a row whose field is a layout gets no buddy from QFormLayout: without one the label
        # would show its "&" instead of underlining the shortcut
        self.size_label = QLabel(_("Table &size (min–max):"))
        self.size_label.setBuddy(self.size_min)
        form.addRow(self.size_label, sizes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.title.text().strip()) and self.size_min.value() <= self.size_max.value()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _accept(self) -> None:
        if self.size_min.value() > self.size_max.value():
            return
        self.accept()

    def values(self) -> dict:
        lo, hi = self.size_min.value(), self.size_max.value()
        q = self.date.date()
        return {
            "title": self.title.text().strip(),
            "theme": self.theme.text().strip(),
            "date": dt.date(q.year(), q.month(), q.day()),
            "lang": self.language.currentData(),
            "table_sizes": (lo, (lo + hi + 1) // 2, hi),
        }
