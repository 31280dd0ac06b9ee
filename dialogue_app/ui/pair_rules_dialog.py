"""Editor of pair rules (together / apart, hard / soft) with searchable people pickers."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.services import people, seating


def kind_label(kind: str) -> str:
    return _("together") if kind == "together" else _("apart")


class PersonPicker(QComboBox):
    """An editable combo box: type part of a name or code to find a person."""

    def __init__(self, rows: list[people.PersonRow], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for r in rows:
            self.addItem(f"{r.full_name} ({r.code})", r.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setAccessibleName(name)
        self.setCurrentIndex(-1)

    def person_id(self) -> uuid.UUID | None:
        idx = self.findText(self.currentText())
        return self.itemData(idx) if idx >= 0 else None


class PairRulesDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Pair rules"))
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Person"), _("Person"), _("Rule"), _("Hard or soft"), _("Note")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_("Pair rules"))
        lay.addWidget(self.table, 1)
        self.delete_button = QPushButton(_("&Delete the selected rule"))
        self.delete_button.setAccessibleName(_("Delete the selected rule"))
        lay.addWidget(self.delete_button)

        rows = ctx.read(people.list_people)
        box = QGroupBox(_("New rule"))
        form = QFormLayout(box)
        self.a = PersonPicker(rows, _("First person"))
        self.b = PersonPicker(rows, _("Second person"))
        self.kind = QComboBox()
        self.kind.addItem(_("must sit together"), "together")
        self.kind.addItem(_("must sit apart"), "apart")
        self.kind.setAccessibleName(_("Rule"))
        self.hard = QCheckBox(_("&Hard rule (never broken)"))
        self.hard.setChecked(True)
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0.1, 10.0)
        self.weight.setValue(1.0)
        self.weight.setAccessibleName(_("Strength of a soft rule"))
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Note"))
        form.addRow(_("&First person:"), self.a)
        form.addRow(_("&Second person:"), self.b)
        form.addRow(_("&Rule:"), self.kind)
        row = QHBoxLayout()
        row.addWidget(self.hard)
        row.addWidget(self.weight)
        form.addRow(_("Strength:"), row)
        form.addRow(_("&Note:"), self.note)
        self.add_button = QPushButton(_("&Add rule"))
        self.add_button.setAccessibleName(_("Add rule"))
        form.addRow(self.add_button)
        lay.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.hard.toggled.connect(lambda on: self.weight.setEnabled(not on))
        self.weight.setEnabled(False)
        self.add_button.clicked.connect(self.add_rule)
        self.delete_button.clicked.connect(self.delete_rule)
        self.resize(720, 520)
        self.reload()

    def reload(self) -> None:
        self.rules = self.ctx.read(seating.list_pair_rules)
        self.table.setRowCount(len(self.rules))
        for row, r in enumerate(self.rules):
            values = (r.name_a, r.name_b, kind_label(r.kind), _("hard") if r.hard else _("soft"), r.note)
            for col, v in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def add_rule(self) -> None:
        a, b = self.a.person_id(), self.b.person_id()
        if a is None or b is None:
            self.ctx.status_message.emit(_("Choose two people from the lists."))
            return
        info = seating.PairRuleInfo(uuid.uuid4(), a, b, "", "", self.kind.currentData(), self.hard.isChecked(),
                                    self.weight.value(), self.note.text().strip())
        if self.ctx.apply(seating.SavePairRule(info, _("Add a pair rule")), {"tables"}):
            self.note.clear()
            self.reload()

    def delete_rule(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rules):
            r = self.rules[row]
            if self.ctx.apply(seating.DeletePairRule(r.id, _("Delete a pair rule")), {"tables"}):
                self.reload()
