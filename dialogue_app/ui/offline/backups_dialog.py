"""Restore a backup of the open event (the current file is kept as a backup first), and Settings ▸
Backups kept…"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage import backups
from dialogue_app.ui.context import AppContext


class BackupModel(QAbstractTableModel):
    def __init__(self, items: list[backups.BackupInfo], parent=None) -> None:
        super().__init__(parent)
        self.items = items

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Taken"), _("Size"), _("Kind"))[section]
        return None

    @staticmethod
    def kind(label: str) -> str:
        return {"open": _("when the event was opened"), "before-restore": _("before a restore"),
                "before-merge": _("before merging packages")}.get(label, label)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        b = self.items[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        if index.column() == 0:
            return f"{i18n.format_date(b.taken_at.date(), 'short')} {i18n.format_time(b.taken_at, 'medium')}"
        if index.column() == 1:
            return _("{n} KB").format(n=i18n.format_number(max(1, b.size // 1024)))
        return self.kind(b.label)


class RestoreBackupDialog(QDialog):
    """Lists the backups of the open event; restoring keeps a copy of the current file first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_path = ctx.path
        self.setWindowTitle(_("Restore a backup"))
        self.setAccessibleName(self.windowTitle())
        lay = QVBoxLayout(self)
        info = QLabel(_("A backup is made each time the event is opened; the newest {n} are kept (Settings). "
                        "Restoring replaces the event by the chosen backup; the current file is kept as a backup "
                        "first.").format(n=ctx.settings.backups_kept))
        info.setWordWrap(True)
        lay.addWidget(info)
        self.model = BackupModel(backups.list_backups(self.event_path) if self.event_path else [], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Backups"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        lay.addWidget(self.view, 1)
        if self.model.items:
            self.view.selectRow(0)
        else:
            lay.addWidget(QLabel(_("There are no backups of this event yet.")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(_("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName(_("Restore the chosen backup"))
        self.restore_button.setEnabled(bool(self.model.items))
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(560, 380)

    def selected(self) -> backups.BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.items[rows[0].row()] if rows else None

    def restore(self, *, confirm: bool = True) -> bool:
        chosen = self.selected()
        if chosen is None or self.event_path is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self, _("Restore a backup"),
                _("Replace the event by the backup of {when}? The current file is kept as a backup.").format(
                    when=self.model.data(self.model.index(self.model.items.index(chosen), 0))),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        path = self.event_path
        self.ctx.close_event()
        try:
            try:
                backups.restore_backup(path, chosen.path)
            except backups.NotThisEventsBackup as exc:
                answer = QMessageBox.question(self, _("Restore a backup"), exc.message + "\n\n" + _("Restore it anyway?"))
                if answer != QMessageBox.StandardButton.Yes:
                    self.ctx.open_event(path)
                    return False
                backups.restore_backup(path, chosen.path, force=True)
        except DialogueError as exc:
            self.ctx.report_error(exc, self)
            self.ctx.open_event(path)
            return False
        self.ctx.open_event(path)
        self.ctx.status_message.emit(_("Restored the backup; the previous file is kept as a backup."))
        self.accept()
        return True


def ask_backups_kept(ctx: AppContext, parent: QWidget | None = None) -> int | None:
    """Settings > Backups kept…: how many automatic backups of each event to keep."""
    from dialogue_app import settings

    value, ok = QInputDialog.getInt(
        parent, _("Backups kept"),
        _("How many automatic backups of each event to keep (one is made each time an event is opened):"),
        ctx.settings.backups_kept, 1, 100,
    )
    if not ok:
        return None
    ctx.settings.backups_kept = value
    try:
        settings.save(ctx.settings)
    except OSError as exc:
        ctx.report_error(DialogueError(_("The settings could not be saved: {error}").format(error=exc)), parent)
    return value
