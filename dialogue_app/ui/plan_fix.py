"""An impossible plan's message with its smallest fix: the fix is named under the reasons
and "Apply the smallest fix" makes it as one undoable edit (Edit ▸ Undo takes it back),
then plans again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services.planning import PlanInfeasible
from dialogue_app.services.seating import plan_fix
from dialogue_app.ui.errors import SHOWN_DETAILS, error_box

#: the object name of the message's button (tests find it by this name)
APPLY_BUTTON = "apply_plan_fix"


def report_plan_error(ctx, parent: QWidget, exc: BaseException, round_no: int,
                      plan_again: Callable[[], None]) -> None:
    """Show why planning failed; an impossible plan with a fix gets the button that makes
    it and then calls ``plan_again``."""
    fix = None
    if isinstance(exc, PlanInfeasible) and ctx.has_event:
        try:
            fix = ctx.read(lambda s: plan_fix.propose_fix(s, round_no))
        except DialogueError:
            fix = None
    if fix is None:
        ctx.report_error(exc, parent)
        return
    assert isinstance(exc, PlanInfeasible)
    exc.details.insert(min(len(exc.details), SHOWN_DETAILS - 1), fix.text)  # shown, not only in the details
    owner = parent if parent.isVisible() else ctx.window
    box = error_box(exc, owner.window() if owner is not None else None)
    apply = box.addButton(_("&Apply the smallest fix"), QMessageBox.ButtonRole.AcceptRole)
    apply.setObjectName(APPLY_BUTTON)
    apply.setAccessibleDescription(fix.text)
    box.setDefaultButton(apply)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    ctx.error_shown.emit(box)
    ctx.dialogs.show_error(box, exc)
    if box.clickedButton() is not apply:
        return
    edit = ctx.try_read(lambda s: plan_fix.fix_edit(s, fix), parent=parent)
    if edit is not None and ctx.apply(edit, {"tables", "event"}):
        plan_again()
