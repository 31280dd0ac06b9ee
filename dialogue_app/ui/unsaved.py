"""Never losing work: before the event is closed (File ▸ Close event, opening another
event, quitting, the window's close button) every panel with edits that are not stored
yet asks "Save changes to …?" with Save, Discard and Cancel."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QMessageBox, QWidget

from dialogue_app.i18n import gettext as _
from dialogue_app.ui import dialogs as dialog_service
from dialogue_app.ui.panel import Panel

Button = QMessageBox.StandardButton
#: the question's key in the dialog service (tests answer it by this key)
KEY = "unsaved_changes"


def unsaved_box(question: str, parent: QWidget | None) -> QMessageBox:
    """The question for one panel's unsaved edits (Save is the default, Esc cancels)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"), question,
                      Button.Save | Button.Discard | Button.Cancel, parent)
    box.setInformativeText(_("If you don't save, your changes will be lost."))
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    box.setObjectName("unsaved_changes")
    box.setAccessibleName(_("Unsaved changes"))
    box.setAccessibleDescription(question)
    return box


def confirm_leave(panels: Iterable[QWidget], parent: QWidget | None,
                  dialogs: dialog_service.Dialogs | None = None) -> bool:
    """Ask about each panel's unsaved edits; True when the event may be closed now (every
    answer was Save, and saving worked, or Discard), False on Cancel or a failed save."""
    dialogs = dialogs or dialog_service.current()
    for panel in panels:
        if not isinstance(panel, Panel):
            continue
        question = panel.unsaved_changes()
        if not question:
            continue
        box = unsaved_box(question, parent)
        answer = dialogs.ask_button(box, key=KEY)
        box.deleteLater()
        if answer == Button.Save:
            if not panel.save_changes():  # the problem shows next to the field: stay
                _show(parent, panel)
                return False
        elif answer == Button.Discard:
            panel.discard_changes()
        else:
            return False
    return True


def _show(window: QWidget | None, panel: Panel) -> None:
    """Bring the panel whose save failed into view."""
    for key, widget in getattr(window, "_panels", {}).items():
        if widget is panel and window is not None and hasattr(window, "show_area"):
            window.show_area(key)
            return
