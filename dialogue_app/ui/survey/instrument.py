"""Editing the survey instrument: add, edit, remove and reorder items (all undoable)."""

from __future__ import annotations

import re
import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.services import survey as svc
from dialogue_app.survey import instrument as ins


class ItemDialog(QDialog):
    def __init__(self, item: svc.ItemInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Survey item") if item else _("New survey item"))
        self.item = item
        form = QFormLayout(self)
        self.label = QPlainTextEdit(item.label if item else "")
        self.label.setAccessibleName(_("Question"))
        self.label.setTabChangesFocus(True)
        self.label.setMaximumHeight(80)
        self.key = QLineEdit(item.key if item else "")
        self.key.setAccessibleName(_("Key"))
        self.key.setToolTip(_("The column name in exports and spreadsheets: a–z, 0–9 and _"))
        self.kind = QComboBox()
        for k in ins.KINDS:
            self.kind.addItem(ins.kind_label(k), k)
        self.kind.setAccessibleName(_("Type"))
        self.waves = QComboBox()
        for ws in ins.WAVE_SETS:
            self.waves.addItem(ins.waves_label(ws), ws)
        self.waves.setAccessibleName(_("Asked in"))
        self.choices = QPlainTextEdit("\n".join(item.choices) if item else "")
        self.choices.setAccessibleName(_("Options, one per line"))
        self.choices.setTabChangesFocus(True)
        self.choices.setMaximumHeight(90)
        if item:
            self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind)))
            idx = next((i for i, ws in enumerate(ins.WAVE_SETS) if ws == item.waves), 1)
            self.waves.setCurrentIndex(idx)
        else:
            self.waves.setCurrentIndex(1)
        for text, w in ((_("&Question:"), self.label), (_("&Key:"), self.key), (_("&Type:"), self.kind),
                        (_("&Asked in:"), self.waves), (_("&Options (single choice):"), self.choices)):
            lab = QLabel(text)
            lab.setBuddy(w)
            form.addRow(lab, w)
        self.label.textChanged.connect(self._suggest_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 360)

    def _suggest_key(self) -> None:
        if self.item is None and not self.key.isModified():
            words = re.findall(r"[a-z0-9]+", self.label.toPlainText().lower())
            key = "_".join(words[:4])[:40]
            self.key.setText(key if key[:1].isalpha() else "q_" + key)

    def result_item(self, position: int) -> svc.ItemInfo:
        return svc.ItemInfo(
            self.item.id if self.item else uuid.uuid4(), self.key.text().strip(), self.kind.currentData(),
            self.label.toPlainText().strip(), tuple(self.waves.currentData()),
            tuple(x.strip() for x in self.choices.toPlainText().splitlines() if x.strip()),
            self.item.position if self.item else position,
        )


class InstrumentEditor(QWidget):
    def __init__(self, panel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.ctx = panel.ctx
        self.items: list[svc.ItemInfo] = []
        layout = QVBoxLayout(self)
        intro = QLabel(_("The questions of the before, after and follow-up forms. Keys name the columns of "
                         "spreadsheets and exports. Every change can be undone."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Key"), _("Question"), _("Type"), _("Asked in")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Survey items"))
        self.table.activated.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot, name in ((_("&Add item…"), self.add, _("Add item")),
                                 (_("&Edit item…"), self.edit, _("Edit item")),
                                 (_("&Remove item"), self.remove, _("Remove item")),
                                 (_("Move &up"), lambda: self.move(-1), _("Move up")),
                                 (_("Move do&wn"), lambda: self.move(1), _("Move down"))):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self, items: list[svc.ItemInfo], labels: dict[str, str]) -> None:
        sel = self.selected()
        self.items = items
        self.table.setRowCount(len(items))
        for r, it in enumerate(items):
            for c, v in enumerate((it.key, labels.get(it.key, it.label), ins.kind_label(it.kind),
                                   ins.waves_label(it.waves))):
                self.table.setItem(r, c, QTableWidgetItem(v))
        if sel is not None:
            for r, it in enumerate(items):
                if it.key == sel.key:
                    self.table.selectRow(r)

    def selected(self) -> svc.ItemInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows and rows[0].row() < len(self.items):
            return self.items[rows[0].row()]
        return None

    def _ensure_stored(self) -> bool:
        if any(it.id is None for it in self.items):
            self.ctx.write(svc.ensure_instrument, areas={"surveys"})
            self.panel.refresh()
        return all(it.id is not None for it in self.items)

    def add(self) -> None:
        if not self._ensure_stored():
            return
        dlg = ItemDialog(None, self)
        if dlg.exec():
            self.ctx.apply(svc.SaveItem(dlg.result_item(-1), _("Add survey item")), areas={"surveys"})

    def edit(self) -> None:
        if not self._ensure_stored():
            return
        it = self.selected()
        if it is None:
            return
        dlg = ItemDialog(it, self)
        if dlg.exec():
            self.ctx.apply(svc.SaveItem(dlg.result_item(it.position), _("Edit survey item")), areas={"surveys"})

    def remove(self) -> None:
        if not self._ensure_stored():
            return
        it = self.selected()
        if it is not None:
            assert it.id is not None  # _ensure_stored
            self.ctx.apply(svc.DeleteItem(it.id, _("Remove survey item")), areas={"surveys"})

    def move(self, delta: int) -> None:  # type: ignore[override]  # this page's own action, not QWidget.move
        if not self._ensure_stored():
            return
        it = self.selected()
        if it is not None:
            assert it.id is not None  # _ensure_stored
            self.ctx.apply(svc.MoveItem(it.id, delta, _("Move survey item")), areas={"surveys"})
