"""Anonymising every person of the event once the retention date has passed (asked first)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import privacy
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.privacy.rows import ALL_AREAS


def confirm_and_purge(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Ask, then anonymise every person of the open event (on a worker thread)."""
    if ctx.store is None:
        return
    status = ctx.read(privacy.retention_status)
    text = i18n.ngettext(
        "Anonymise {n} person of this event? Names, contact details, background values, consents, seating and "
        "notes are removed; commitments and survey answers stay as anonymous records. The app's backups of "
        "this file are deleted. This cannot be undone.",
        "Anonymise all {n} people of this event? Names, contact details, background values, consents, seating "
        "and notes are removed; commitments and survey answers stay as anonymous records. The app's backups "
        "of this file are deleted. This cannot be undone.",
        status.people,
    ).format(n=status.people)
    if not status.past:
        text = _("The retention date has not passed yet.") + "\n\n" + text
    answer = QMessageBox.question(parent or ctx.window, _("Purge personal data"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return
    store = ctx.store

    def work(progress, should_stop):
        return privacy.purge(store)

    def done(result) -> None:
        ctx.undo_stack.clear()  # undo steps hold the removed data
        ctx.data_changed.emit(set(ALL_AREAS))
        forgot, _cleanup = result
        ctx.status_message.emit(
            i18n.ngettext("Anonymised {n} person.", "Anonymised {n} people.", forgot.people).format(n=forgot.people)
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, privacy.ErasureIncomplete):  # the people are gone; the file is cleaned later
            ctx.undo_stack.clear()
            ctx.data_changed.emit(set(ALL_AREAS))
        ctx.report_error(exc, parent)

    ctx.run_task(_("Anonymising the people of this event…"), work, done, on_error=failed, parent=parent)
