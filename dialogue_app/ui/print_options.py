"""Printing options of the Reports area that belong to one document: the order of the badges
(by table or by name, for a pick-up desk) and whether table cards come as one PDF or one PDF
per table (written into a folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QLabel, QWidget

from dialogue_app.i18n import gettext as _


class PrintOptions:
    """The extra option widgets; ``add_rows`` puts them into the panel's options form."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.order = QComboBox(parent)
        self.order.setAccessibleName(_("Badge order"))
        self.order.addItem(_("By table"), "table")
        self.order.addItem(_("By name (last name, then first name)"), "name")
        self.order.setToolTip(_("By name suits a desk where people pick up their own badge."))
        self.split = QComboBox(parent)
        self.split.setAccessibleName(_("Table cards: files"))
        self.split.addItem(_("All tables in one PDF"), "none")
        self.split.addItem(_("One PDF per table (into a folder)"), "table")
        for combo in (self.order, self.split):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)

    def add_rows(self, form: QFormLayout) -> None:
        for text, widget in ((_("Badge &order:"), self.order), (_("Table cards f&iles:"), self.split)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.order, self.split

    def update(self, kind: str) -> None:
        """Only the options of the chosen document are enabled."""
        self.order.setEnabled(kind == "badges")
        self.split.setEnabled(kind == "table-cards")

    def extra(self, kind: str) -> dict:
        if kind == "badges":
            return {"order": self.order.currentData()}
        if kind == "table-cards":
            return {"split": self.split.currentData()}
        return {}

    def per_table(self, kind: str) -> bool:
        return kind == "table-cards" and self.split.currentData() == "table"

    @staticmethod
    def ask_folder(parent: QWidget, default: Path) -> str:
        return QFileDialog.getExistingDirectory(parent, _("Choose the folder for the PDFs"), str(default))
