"""Someone else changed what the user is saving: both values side by side and a choice.

``ask(ctx, exc, parent)`` shows a refused stale save (``services.versions.StaleEdit``): the fields
with their value now and the user's value, and three buttons: **Keep mine** (save over the other
change, on purpose), **Take theirs** (drop the edit, show theirs) or **Cancel** (back to the edit,
nothing saved). Asked through the dialog service under :data:`KEY`; tests answer with
:data:`KEEP_MINE`, :data:`TAKE_THEIRS` or :data:`CANCEL`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from dialogue_app.errors import ConflictError, DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services.edits import Edit, edit_areas
from dialogue_app.services.versions import StaleEdit
from dialogue_app.ui.dialogs import Dialogs


class AppContext(Protocol):
    """What this module uses of ``ui.context.AppContext`` (which imports this module)."""

    window: QWidget | None
    data_changed: Any

    @property
    def dialogs(self) -> Dialogs: ...

    def apply(self, edit: Edit, areas: Iterable[str] | None = None, *,
              on_error: Callable[[DialogueError], None] | None = None, initiator: object | None = None) -> bool: ...


Button = QMessageBox.StandardButton
KEY = "edit_conflict"
KEEP_MINE = Button.Save
TAKE_THEIRS = Button.Discard
CANCEL = Button.Cancel
CHOICES = (KEEP_MINE, TAKE_THEIRS, CANCEL)


def conflict_box(exc: StaleEdit, parent: QWidget | None) -> QMessageBox:
    """The question, filled in (not shown)."""
    title = _("Changed by someone else")
    box = QMessageBox(QMessageBox.Icon.Warning, title, exc.message, KEEP_MINE | TAKE_THEIRS | CANCEL, parent)
    box.setInformativeText("\n".join(exc.details))
    for button, text in ((KEEP_MINE, _("Keep mine")), (TAKE_THEIRS, _("Take theirs"))):
        widget = box.button(button)
        widget.setText(text)
        widget.setAccessibleName(text.replace("&", ""))
    box.setDefaultButton(CANCEL)  # Enter never overwrites another user's change by accident
    box.setEscapeButton(CANCEL)
    box.setAccessibleName(title)
    box.setAccessibleDescription(exc.message)
    return box


def ask(ctx: AppContext, exc: StaleEdit, parent: QWidget | None = None, *, can_keep: bool = True) -> Button:
    """The user's choice: KEEP_MINE, TAKE_THEIRS or CANCEL (KEEP_MINE only when ``can_keep``)."""
    box = conflict_box(exc, parent if parent is not None else ctx.window)
    if not can_keep:
        box.removeButton(box.button(KEEP_MINE))
    try:
        answer = ctx.dialogs.ask_button(box, key=KEY)
        for choice in CHOICES:
            if (answer == choice or box.clickedButton() is box.button(choice)) and (can_keep or choice != KEEP_MINE):
                return choice
        return CANCEL
    finally:
        box.deleteLater()


def taken_off(exc: DialogueError) -> ConflictError:
    """A refused undo (or redo) that leaves the Undo list, saying so: trying again would not undo it."""
    return ConflictError(exc.message + "\n\n" + _(
        "This step has been taken off the Undo list: trying again would not undo it. Make the change by "
        "hand if it is still needed."), details=exc.details)


def resolve(ctx: AppContext, edit: Edit, exc: StaleEdit, areas: Iterable[str] | None, *,
            on_error: Callable[[DialogueError], None] | None, initiator: object | None) -> bool:
    """After ``ctx.apply(edit)`` was refused as stale: ask, then save over theirs on purpose (the
    edit's ``rebase(version)``: the same edit based on the row as it is now), show theirs (the areas
    refresh), or go back to the edit (``on_error`` keeps a dialog open with the user's values)."""
    rebase = getattr(edit, "rebase", None)
    choice = ask(ctx, exc, can_keep=rebase is not None)
    if choice == KEEP_MINE and rebase is not None:
        return ctx.apply(rebase(exc.conflict.version_now), areas, on_error=on_error, initiator=initiator)
    if choice == TAKE_THEIRS:
        ctx.data_changed.emit(set(edit_areas(edit) if areas is None else areas))
    elif on_error is not None:
        on_error(exc)
    return False
