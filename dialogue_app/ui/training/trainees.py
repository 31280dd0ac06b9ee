"""The Trainees tab of the Training area (a part of the panel)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import edits
from dialogue_app.services import training as tr
from dialogue_app.training.readiness import STEP_LABELS
from dialogue_app.ui.training.common import TRACK_LABELS, PanelPart, _date_text, _selected_key, _view
from dialogue_app.ui.training.dialogs import StepDialog, TraineeDialog


class TraineesPage(PanelPart):
    """The Trainees tab: the roster, a trainee's path to readiness, adding, correcting and removing
    trainees, recording steps, handing a ready trainee to a dialogue event."""

    trainees: list[tr.TraineeInfo]
    is_training: bool
    tabs: QTabWidget

    if TYPE_CHECKING:  # the panel's
        def _writable(self) -> bool: ...

        def _update_buttons(self) -> None: ...

    def _build_trainees(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search trainees"))
        self.search.setAccessibleName(_("Search trainees"))
        bar.addWidget(self.search, 1)
        self.ready_only = QCheckBox(_("Only &ready to facilitate"))
        self.ready_only.setAccessibleName(_("Only ready to facilitate"))
        self.ready_only.toggled.connect(self._fill_trainees)
        bar.addWidget(self.ready_only)
        lay.addLayout(bar)
        # the roster's own actions on the left, what follows from the training on the right
        actions = QHBoxLayout()
        self.add_trainee_button = QPushButton(_("Add trai&nee…"))
        self.add_trainee_button.clicked.connect(self.add_trainee)
        actions.addWidget(self.add_trainee_button)
        self.edit_trainee_button = QPushButton(_("Ed&it trainee…"))
        self.edit_trainee_button.setAccessibleName(_("Edit trainee"))
        self.edit_trainee_button.setToolTip(_("Correct the selected trainee's details (Enter or double-click)"))
        self.edit_trainee_button.clicked.connect(self.edit_trainee)
        actions.addWidget(self.edit_trainee_button)
        self.remove_trainee_button = QPushButton(_("Re&move trainee"))
        self.remove_trainee_button.setAccessibleName(_("Remove trainee"))
        self.remove_trainee_button.setToolTip(_("Remove the selected trainee from the training (Delete)"))
        self.remove_trainee_button.clicked.connect(self.remove_trainee)
        actions.addWidget(self.remove_trainee_button)
        actions.addStretch(1)
        self.step_button = QPushButton(_("Record ste&p…"))
        self.step_button.clicked.connect(self.record_step)
        actions.addWidget(self.step_button)
        self.assign_button = QPushButton(_("Add to &dialogue event…"))
        self.assign_button.setToolTip(_("Add the selected ready trainee as a facilitator to a dialogue event file"))
        self.assign_button.clicked.connect(self.add_to_event)
        actions.addWidget(self.assign_button)
        lay.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.trainee_view, self.trainee_model, self.trainee_proxy = _view(_("Trainees"))
        self.search.textChanged.connect(self.trainee_proxy.setFilterFixedString)
        self.trainee_view.selectionModel().currentChanged.connect(lambda *_a: self._trainee_changed())
        self.trainee_view.doubleClicked.connect(lambda _i: self.edit_trainee())
        for key, slot in ((Qt.Key.Key_Return, self.edit_trainee), (Qt.Key.Key_Enter, self.edit_trainee),
                          (Qt.Key.Key_Delete, self.remove_trainee)):
            sc = QShortcut(QKeySequence(key), self.trainee_view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        split.addWidget(self.trainee_view)
        self.path_view = QTextBrowser()
        self.path_view.setAccessibleName(_("Path of the selected trainee"))
        split.addWidget(self.path_view)
        split.setSizes([960, 280])
        lay.addWidget(split, 1)
        self.tabs.addTab(page, _("&Trainees"))

    def _fill_trainees(self) -> None:
        current = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        rows, keys, sorts = [], [], []
        for t in self.trainees:
            if self.ready_only.isChecked() and not (t.ready and t.track == "facilitator"):
                continue
            if t.ready:
                state = _("✔ ready to coordinate") if t.track == "coordinator" else _("✔ ready")
            else:
                state = _("not yet: {steps}").format(
                    steps=", ".join(_(STEP_LABELS[m]) for m in t.missing))
            rows.append((t.name, _(TRACK_LABELS.get(t.track, t.track)), t.city, t.organisation,
                         i18n.language_name(t.language) if t.language else "", str(t.sessions_attended),
                         str(t.turns), state))
            keys.append(t.id)
            sorts.append((t.name.lower(), t.track, t.city, t.organisation, t.language, t.sessions_attended, t.turns,
                          (not t.ready, len(t.missing))))
        headers = [_("Name"), _("Track"), _("City"), _("Organisation"), _("Language"), _("Sessions"),
                   _("Turns"), _("Ready to facilitate")]
        self.trainee_model.load(headers, rows, keys, sorts)
        hh = self.trainee_view.horizontalHeader()
        for c in range(len(headers)):  # the last one too: a long heading scrolls, never cut
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(False)
        if current is not None and current in keys:
            src = self.trainee_model.index(keys.index(current), 0)
            self.trainee_view.setCurrentIndex(self.trainee_proxy.mapFromSource(src))
        elif rows:
            self.trainee_view.setCurrentIndex(self.trainee_proxy.index(0, 0))
        self._trainee_changed()

    def _trainee_changed(self) -> None:
        self._show_path()
        self._update_buttons()

    def _current_trainee(self) -> tr.TraineeInfo | None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        return next((x for x in self.trainees if x.id == tid), None)

    def _show_path(self) -> None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        t = next((x for x in self.trainees if x.id == tid), None)
        if t is None:
            self.path_view.setHtml("")
            return
        from html import escape

        lines = [f"<h3>{escape(t.name)}</h3>"]
        if t.ready:
            if t.track == "coordinator":
                state = _("Ready to coordinate")
            elif t.ready_since:
                state = _("Ready to facilitate since {date}").format(date=_date_text(t.ready_since))
            else:
                state = _("Ready to facilitate")
            lines.append("<p><b>" + escape(state) + "</b></p>")
        else:
            lines.append("<p>" + escape(_("Still needed: {steps}").format(
                steps=", ".join(_(STEP_LABELS[m]) for m in t.missing))) + "</p>")
        lines.append("<ul>")
        for st in t.steps:
            src = _(" (attendance)") if st.source == "session" else ""
            lines.append(f"<li>{escape(_date_text(st.date))} — {escape(_(STEP_LABELS.get(st.step, st.step)))}"
                         f"{escape(src)}</li>")
        lines.append("</ul>")
        if not t.steps:
            lines.append("<p>" + escape(_("No steps recorded yet.")) + "</p>")
        self.path_view.setHtml("".join(lines))

    def add_trainee(self) -> None:
        dlg = TraineeDialog(self)
        new_id = uuid.uuid4()
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.data()
            label = _("Add {name}").format(name=f"{data.first_name.strip()} {data.last_name.strip()}".strip())
            if self.ctx.apply(tr.AddTrainee(data, label, new_id), areas={"training", "people"},
                              on_error=dlg.show_problem):
                self._select_trainee(new_id)
                return

    def _select_trainee(self, person_id: uuid.UUID) -> None:
        if person_id in self.trainee_model.keys:
            src = self.trainee_model.index(self.trainee_model.keys.index(person_id), 0)
            self.trainee_view.setCurrentIndex(self.trainee_proxy.mapFromSource(src))

    def edit_trainee(self) -> None:
        t = self._current_trainee()
        if t is None or not self._writable():
            return
        before = self.ctx.try_read(lambda s: tr.trainee_data(s, t.id))
        if before is None:
            return
        dlg = TraineeDialog(self, before)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.data()
            if data.stripped() == before:  # nothing but spaces: no undo step
                return
            label = _("Edit {name}").format(name=f"{data.first_name.strip()} {data.last_name.strip()}".strip())
            if self.ctx.apply(tr.SaveTrainee(t.id, data, label), areas={"training", "people"},
                              on_error=dlg.show_problem):
                return

    def remove_trainee(self) -> None:
        from dialogue_app.ui.people_panel import confirm

        t = self._current_trainee()
        if t is None or not self._writable():
            return
        question = _("Remove {name} from the training? Their steps, attendance and places at practice tables "
                     "are removed too. You can undo this with Ctrl+Z.").format(name=t.name)
        if confirm(self, _("Remove trainee"), question):
            self.ctx.apply(edits.DeletePerson(t.id, _("Remove {name}").format(name=t.name)),
                           areas={"training", "people", "tables"})

    def record_step(self) -> None:
        t = self._current_trainee()
        if t is None:
            return
        dlg = StepDialog(t.name, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        date = cast(dt.date, dlg.date.date().toPython())  # QDate.toPython() gives a date; the stubs say object
        step = dlg.step.currentData()
        self.ctx.apply(tr.AddStep(t.id, step, date, _("Record a step for {name}").format(name=t.name)),
                       areas={"training"})

    def add_to_event(self) -> None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        t = next((x for x in self.trainees if x.id == tid), None)
        if t is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, _("Choose the dialogue event"), "",
                                               _("Event files (*.dialogue)"))
        if not path:
            return
        if self.ctx.write(lambda s: tr.add_facilitator_to_event(s, t.id, Path(path))) is not None:
            self.ctx.status_message.emit(_("{name} was added as a facilitator to {file}.").format(
                name=t.name, file=Path(path).name))
