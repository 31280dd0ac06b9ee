"""The Event area: the event's settings and its diversity dimensions.

Settings are edited in a form and stored with *Save settings* (one undo step).
Dimension changes (name, kind, weight, flags, categories) are stored at once,
each as one undo step. A value the services refuse changes nothing and the
reason is shown next to the form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import edits, events
from dialogue_app.services.dimension_edits import (
    EditDimension,
    RemoveDimension,
    values_count,
    values_without_consent,
)
from dialogue_app.services.events import CategoryInfo, DimensionInfo, EventSettings
from dialogue_app.ui.panel import Panel

NO_DATE = QDate(2000, 1, 1)
NO_TIME = QTime(0, 0)


def _qdate(value: dt.date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def _pydate(q: QDate) -> dt.date | None:
    return None if q == NO_DATE else dt.date(q.year(), q.month(), q.day())


def _ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A one-line question (tests replace ASK_TEXT)."""
    if ASK_TEXT is not None:
        return ASK_TEXT.pop(0) if isinstance(ASK_TEXT, list) else ASK_TEXT
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


#: Tests set this to a list of answers for the text questions.
ASK_TEXT: list[str] | str | None = None


class EventPanel(Panel):
    watches = frozenset({"event"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Event"))
        self._loading = False
        self._settings: EventSettings | None = None
        self._dims: list[DimensionInfo] = []

        # --- settings ----------------------------------------------------------------------
        self.title = QLineEdit()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText(_("e.g. Living together in our neighbourhood"))
        self.network = QLineEdit()  # written into survey exports, for the impact report across events
        self.network.setPlaceholderText(_("e.g. Gent, or the organising foundation"))
        self.date = QDateEdit()
        self.retention = QDateEdit()
        for w in (self.date, self.retention):
            w.setCalendarPopup(True)
            w.setMinimumDate(NO_DATE)
            w.setMaximumDate(QDate(2100, 12, 31))
            w.setSpecialValueText(_("Not set"))
            w.setDisplayFormat(i18n.qt_date_format())
        self.start_time = QTimeEdit()
        self.start_time.setDisplayFormat(i18n.qt_time_format())
        self.start_time.setSpecialValueText(_("Not set"))
        self.language = QComboBox()
        self.size_min, self.size_target, self.size_max = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.size_min, self.size_target, self.size_max):
            box.setRange(1, 50)
        self.rounds = QSpinBox()
        self.rounds.setRange(1, events.MAX_ROUNDS)
        self.unknown = QDoubleSpinBox()
        self.unknown.setRange(0.0, 1.0)
        self.unknown.setSingleStep(0.05)
        self.unknown.setDecimals(2)
        self.unknown.setToolTip(
            _("How different “prefer not to say” counts when mixing tables: 0 = same as everyone, 1 = fully different.")
        )
        names = (
            (self.title, _("Event title")), (self.theme, _("Theme")), (self.date, _("Date of the event")),
            (self.start_time, _("Start time")), (self.language, _("Event language")),
            (self.size_min, _("Minimum table size")), (self.size_target, _("Target table size")),
            (self.size_max, _("Maximum table size")), (self.rounds, _("Number of rounds")),
            (self.retention, _("Delete personal data after")),
            (self.unknown, _("Distance for “prefer not to say”")),
            (self.network, _("City or organiser for survey exports")),
        )
        for w, name in names:
            w.setAccessibleName(name)
        sizes = QHBoxLayout()
        sizes.setContentsMargins(0, 0, 0, 0)
        for lab, box in ((_("min"), self.size_min), (_("target"), self.size_target), (_("max"), self.size_max)):
            label = QLabel(lab)
            label.setBuddy(box)
            sizes.addWidget(label)
            sizes.addWidget(box)
        sizes.addStretch(1)
        sizes_widget = QWidget()
        sizes_widget.setLayout(sizes)
        sizes_widget.setAccessibleName(_("Table size"))

        settings_box = QGroupBox(_("Event settings"))
        form = QFormLayout(settings_box)
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("The&me:"), self.theme)
        form.addRow(_("&Date:"), self.date)
        form.addRow(_("Sta&rt time:"), self.start_time)
        form.addRow(_("Event &language:"), self.language)
        form.addRow(_("Table size (people):"), sizes_widget)
        form.addRow(_("R&ounds:"), self.rounds)
        form.addRow(_("Delete personal data &after:"), self.retention)
        form.addRow(_("“&Prefer not to say” distance:"), self.unknown)
        form.addRow(_("City or organiser for s&urvey exports:"), self.network)
        self.save_button = QPushButton(_("Save settin&gs"))
        self.revert_button = QPushButton(_("Revert"))
        self.save_button.setAccessibleName(_("Save settings"))
        self.revert_button.setAccessibleName(_("Revert"))
        self.save_button.clicked.connect(self.save_settings)
        self.revert_button.clicked.connect(self._show_settings)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        form.addRow(row)
        self.settings_problem = self._problem_label()
        form.addRow(self.settings_problem)
        for w in (self.title, self.theme, self.network):
            w.textEdited.connect(self._settings_edited)
        for w in (self.date, self.retention):
            w.dateChanged.connect(self._settings_edited)
        self.start_time.timeChanged.connect(self._settings_edited)
        self.language.currentIndexChanged.connect(self._settings_edited)
        for w in (self.size_min, self.size_target, self.size_max, self.rounds):
            w.valueChanged.connect(self._settings_edited)
        self.unknown.valueChanged.connect(self._settings_edited)

        # --- dimensions ----------------------------------------------------------------------
        self.dim_list = QListWidget()
        self.dim_list.setAccessibleName(_("Dimensions"))
        self.dim_list.currentRowChanged.connect(self._show_dimension)
        dims_label = QLabel(_("D&imensions:"))
        dims_label.setBuddy(self.dim_list)
        self.add_dim_button = QPushButton(_("Add dimension…"))
        self.remove_dim_button = QPushButton(_("Remove dimension"))
        self.add_dim_button.clicked.connect(self.add_dimension)
        self.remove_dim_button.clicked.connect(self.remove_dimension)

        self.dim_name = QLineEdit()
        self.dim_kind = QComboBox()
        self.dim_kind.addItem(_("Nominal (categories without order)"), "nominal")
        self.dim_kind.addItem(_("Ordinal (ordered categories)"), "ordinal")
        self.dim_weight = QDoubleSpinBox()
        self.dim_weight.setRange(0.0, 10.0)
        self.dim_weight.setSingleStep(0.5)
        self.dim_weight.setDecimals(1)
        for box in (self.unknown, self.dim_weight):  # "0,50" in Dutch and French, like format_decimal
            box.setLocale(QLocale(i18n.current_language()))
        # short box texts and the explanation wrapped below each: long languages are not clipped
        self.dim_sensitive = QCheckBox(_("Sensitive"))
        self.dim_dont_isolate = QCheckBox(_("Don't isolate"))
        self.dim_dont_isolate.setToolTip(_(
            "The planner seats people of one group in twos or more rather than alone, as far as the hard "
            "rules allow. This costs some diversity: a minority no longer sits one per table."))
        self.dim_open = QCheckBox(_("Open"))
        self.dim_help = {
            self.dim_sensitive: _("Needs the person's explicit consent; never printed. Which exports may hold it: see "
                                 "the Privacy page."),
            self.dim_dont_isolate: _("No one alone at a table with this group."),
            self.dim_open: _("Imports may add categories."),
        }
        for w, name in (
            (self.dim_name, _("Dimension name")), (self.dim_kind, _("Kind")), (self.dim_weight, _("Weight")),
            (self.dim_sensitive, _("Sensitive")), (self.dim_dont_isolate, _("Don't isolate")),
            (self.dim_open, _("Open")),
        ):
            w.setAccessibleName(name)
        self.dim_name.editingFinished.connect(lambda: self._dim_changed("name"))
        self.dim_kind.activated.connect(lambda _i: self._dim_changed("kind"))
        self.dim_weight.editingFinished.connect(lambda: self._dim_changed("weight"))
        for w in (self.dim_sensitive, self.dim_dont_isolate, self.dim_open):
            w.toggled.connect(lambda _c, w=w: self._dim_changed(w.accessibleName()))

        self.cat_list = QListWidget()
        self.cat_list.setAccessibleName(_("Categories"))
        self.cat_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cat_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.cat_list.itemActivated.connect(lambda _i: self.rename_category())
        cats_label = QLabel(_("&Categories (in order):"))
        cats_label.setBuddy(self.cat_list)
        self.add_cat_button = QPushButton(_("Add…"))
        self.rename_cat_button = QPushButton(_("Rename…"))
        self.remove_cat_button = QPushButton(_("Remove"))
        self.up_cat_button = QPushButton(_("Move up"))
        self.down_cat_button = QPushButton(_("Move down"))
        for b, name, slot in (
            (self.add_cat_button, _("Add category"), self.add_category),
            (self.rename_cat_button, _("Rename category"), self.rename_category),
            (self.remove_cat_button, _("Remove category"), self.remove_category),
            (self.up_cat_button, _("Move category up"), lambda: self.move_category(-1)),
            (self.down_cat_button, _("Move category down"), lambda: self.move_category(1)),
            (self.add_dim_button, _("Add dimension"), None),
            (self.remove_dim_button, _("Remove dimension"), None),
        ):
            b.setAccessibleName(name)
            if slot is not None:
                b.clicked.connect(slot)

        # keyboard: Insert / Delete in the lists, Ctrl+Up / Ctrl+Down to reorder categories
        self._list_key(self.dim_list, Qt.Key.Key_Insert, self.add_dimension)
        self._list_key(self.dim_list, Qt.Key.Key_Delete, self.remove_dimension)
        self._list_key(self.cat_list, Qt.Key.Key_Insert, self.add_category)
        self._list_key(self.cat_list, Qt.Key.Key_Delete, self.remove_category)
        self._list_key(self.cat_list, QKeySequence("Ctrl+Up"), lambda: self.move_category(-1))
        self._list_key(self.cat_list, QKeySequence("Ctrl+Down"), lambda: self.move_category(1))
        self.dim_list.setToolTip(_("Insert adds a dimension, Delete removes the selected one."))
        self.cat_list.setToolTip(_("Insert adds a category, Enter renames, Delete removes, "
                                   "Ctrl+Up and Ctrl+Down change the order."))

        dim_box = QGroupBox(_("Diversity dimensions"))
        grid = QGridLayout(dim_box)
        left = QVBoxLayout()
        left.addWidget(dims_label)
        left.addWidget(self.dim_list, 1)
        dim_buttons = QHBoxLayout()
        dim_buttons.addWidget(self.add_dim_button)
        dim_buttons.addWidget(self.remove_dim_button)
        left.addLayout(dim_buttons)
        detail = QFormLayout()
        detail.addRow(_("&Name:"), self.dim_name)
        detail.addRow(_("&Kind:"), self.dim_kind)
        detail.addRow(_("&Weight:"), self.dim_weight)
        for box, text in self.dim_help.items():
            detail.addRow(box)
            help_label = QLabel(text)
            help_label.setWordWrap(True)
            help_label.setContentsMargins(24, 0, 0, 4)
            box.setAccessibleDescription(text)
            detail.addRow(help_label)
        cats = QHBoxLayout()
        cats.addWidget(self.cat_list, 1)
        cat_buttons = QVBoxLayout()
        for b in (self.add_cat_button, self.rename_cat_button, self.remove_cat_button, self.up_cat_button,
                  self.down_cat_button):
            cat_buttons.addWidget(b)
        cat_buttons.addStretch(1)
        cats.addLayout(cat_buttons)
        right = QVBoxLayout()
        right.addLayout(detail)
        right.addWidget(cats_label)
        right.addLayout(cats, 1)
        self.dim_problem = self._problem_label()
        right.addWidget(self.dim_problem)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        # --- layout -----------------------------------------------------------------------------
        heading = QLabel("<h2>" + _("Event") + "</h2>")
        columns = QHBoxLayout()
        left_column = QVBoxLayout()
        left_column.addWidget(settings_box)
        left_column.addWidget(self._tables_box())
        left_column.addStretch(1)
        columns.addLayout(left_column, 2)
        columns.addWidget(dim_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(columns, 1)
        self._update_buttons()

    def _tables_box(self) -> QGroupBox:
        """Where the organiser sees how many tables there are and opens the Tables and venues editor."""
        box = QGroupBox(_("Tables and venues"))
        self.tables_overview = QLabel(_("No tables yet"))
        self.tables_overview.setAccessibleName(_("Tables overview"))
        self.tables_overview.setWordWrap(True)
        self.tables_button = QPushButton(_("Ta&bles and venues…"))
        self.tables_button.setAccessibleName(_("Tables and venues"))
        self.tables_button.clicked.connect(self.open_tables_editor)
        row = QHBoxLayout(box)
        row.addWidget(self.tables_overview, 1)
        row.addWidget(self.tables_button)
        self.ctx.data_changed.connect(self._tables_changed)
        return box

    def _tables_changed(self, areas: set[str]) -> None:
        if "tables" in areas:
            self._show_tables()

    def _show_tables(self) -> None:
        from dialogue_app.services.seating import table_edits
        from dialogue_app.ui.tables_editor import overview_text

        if self.ctx.has_event:
            self.tables_overview.setText(overview_text(self.ctx.read(table_edits.overview)))

    def open_tables_editor(self) -> None:
        from dialogue_app.ui.tables_editor import open_tables_editor

        open_tables_editor(self.ctx, self)

    def _list_key(self, widget: QWidget, key, slot) -> None:
        act = QAction(widget)
        act.setShortcut(QKeySequence(key))
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        act.triggered.connect(slot)
        widget.addAction(act)

    @staticmethod
    def _problem_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAccessibleName(_("Problem"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    @staticmethod
    def _show_problem(label: QLabel, exc: DialogueError | None) -> None:
        if exc is None:
            label.clear()
            label.hide()
        else:
            label.setText("⚠ " + _("Not saved:") + " " + exc.message)
            label.show()

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        self._settings, self._dims = self.ctx.read(lambda s: (events.get_settings(s), events.list_dimensions(s)))
        self._show_settings()
        self._show_dimensions()
        self._show_tables()

    def _show_settings(self) -> None:
        st = self._settings
        if st is None:
            return
        self._loading = True
        try:
            self.title.setText(st.title)
            self.theme.setText(st.theme)
            self.network.setText(st.network_name)
            self.title.setCursorPosition(0)
            self.theme.setCursorPosition(0)
            self.date.setDate(_qdate(st.date))
            self.retention.setDate(_qdate(st.retention_date))
            self.start_time.setTime(NO_TIME if st.start_time is None else QTime(st.start_time.hour,
                                                                               st.start_time.minute))
            self.language.clear()
            codes = i18n.available_languages()
            if st.language not in codes:
                codes = [*codes, st.language]
            for code in codes:
                self.language.addItem(i18n.language_name(code), code)
            self.language.setCurrentIndex(max(0, self.language.findData(st.language)))
            self.size_min.setValue(st.table_size_min)
            self.size_target.setValue(st.table_size_target)
            self.size_max.setValue(st.table_size_max)
            self.rounds.setValue(st.rounds)
            self.unknown.setValue(st.unknown_distance)
        finally:
            self._loading = False
        self._show_problem(self.settings_problem, None)
        self._set_dirty(False)

    def _show_dimensions(self) -> None:
        current = self._current_dim()
        keep_id = current.id if current else None
        self._loading = True
        try:
            self.dim_list.clear()
            for d in self._dims:
                text = d.name + ("  " + _("(sensitive)") if d.sensitive else "")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(d.id))
                self.dim_list.addItem(item)
        finally:
            self._loading = False
        row = next((i for i, d in enumerate(self._dims) if d.id == keep_id), 0 if self._dims else -1)
        self.dim_list.setCurrentRow(row)
        self._show_dimension(row)

    def _current_dim(self) -> DimensionInfo | None:
        row = self.dim_list.currentRow()
        if 0 <= row < len(self._dims):
            return self._dims[row]
        return None

    def _show_dimension(self, row: int) -> None:
        if self._loading:
            return
        d = self._dims[row] if 0 <= row < len(self._dims) else None
        cat_row = self.cat_list.currentRow()
        self._loading = True
        try:
            self.dim_name.setText(d.name if d else "")
            self.dim_kind.setCurrentIndex(max(0, self.dim_kind.findData(d.kind if d else "nominal")))
            self.dim_weight.setValue(d.weight if d else 1.0)
            self.dim_sensitive.setChecked(bool(d and d.sensitive))
            self.dim_dont_isolate.setChecked(bool(d and d.dont_isolate))
            self.dim_open.setChecked(bool(d and d.open))
            self.cat_list.clear()
            for i, c in enumerate(d.categories if d else ()):
                prefix = f"{i + 1}. " if d.kind == "ordinal" else ""
                item = QListWidgetItem(prefix + c.label)
                item.setData(Qt.ItemDataRole.UserRole, str(c.id))
                self.cat_list.addItem(item)
        finally:
            self._loading = False
        if d is not None and self.cat_list.count():
            self.cat_list.setCurrentRow(min(max(cat_row, 0), self.cat_list.count() - 1))
        for w in (self.dim_name, self.dim_kind, self.dim_weight, self.dim_sensitive, self.dim_dont_isolate,
                  self.dim_open, self.cat_list):
            w.setEnabled(d is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_dim = self._current_dim() is not None
        row = self.cat_list.currentRow()
        n = self.cat_list.count()
        self.remove_dim_button.setEnabled(has_dim)
        self.add_cat_button.setEnabled(has_dim)
        self.rename_cat_button.setEnabled(has_dim and row >= 0)
        self.remove_cat_button.setEnabled(has_dim and row >= 0)
        self.up_cat_button.setEnabled(has_dim and row > 0)
        self.down_cat_button.setEnabled(has_dim and 0 <= row < n - 1)

    def busy_reason(self) -> str | None:
        if self.save_button.isEnabled():
            return _("The event settings have changes that are not saved yet.")
        return None

    def unsaved_changes(self) -> str | None:
        return _("Save changes to the event settings?") if self.save_button.isEnabled() else None

    def save_changes(self) -> bool:
        return self.save_settings()

    def discard_changes(self) -> None:
        self._show_settings()

    # --- settings ---------------------------------------------------------------------------
    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _settings_edited(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def edited_settings(self) -> EventSettings:
        st = self._settings
        t = self.start_time.time()
        return replace(
            st,
            title=self.title.text(),
            theme=self.theme.text().strip(),
            network_name=self.network.text().strip(),
            date=_pydate(self.date.date()),
            start_time=None if t == NO_TIME else dt.time(t.hour(), t.minute()),
            language=self.language.currentData() or st.language,
            table_size_min=self.size_min.value(),
            table_size_target=self.size_target.value(),
            table_size_max=self.size_max.value(),
            rounds=self.rounds.value(),
            retention_date=_pydate(self.retention.date()),
            unknown_distance=round(self.unknown.value(), 2),
        )

    def save_settings(self) -> bool:
        if self._settings is None:
            return False
        new = self.edited_settings()
        if new == self._settings:
            self._set_dirty(False)
            return True
        ok = self.ctx.apply(edits.SaveSettings(new, _("Change event settings")), areas={"event"},
                            on_error=lambda exc: self._show_problem(self.settings_problem, exc))
        if ok:
            self._show_problem(self.settings_problem, None)
        return ok

    # --- dimensions --------------------------------------------------------------------------
    def _save_dim(self, info: DimensionInfo, label: str) -> bool:
        ok = self.ctx.apply(EditDimension(info, label), areas={"event", "people"},
                            on_error=lambda exc: self._show_problem(self.dim_problem, exc))
        if ok:
            self._show_problem(self.dim_problem, None)
        else:  # show the stored state again
            self._show_dimension(self.dim_list.currentRow())
        return ok

    def _dim_changed(self, what: str) -> None:
        d = self._current_dim()
        if self._loading or d is None:
            return
        new = replace(
            d,
            name=self.dim_name.text().strip(),
            kind=self.dim_kind.currentData(),
            weight=round(self.dim_weight.value(), 1),
            sensitive=self.dim_sensitive.isChecked(),
            dont_isolate=self.dim_dont_isolate.isChecked(),
            open=self.dim_open.isChecked(),
        )
        if new == d:
            return
        if new.sensitive and not d.sensitive:
            n = len(self.ctx.read(lambda s: values_without_consent(s, d.id)))
            if n:
                from dialogue_app.ui.people_panel import confirm

                question = i18n.ngettext(
                    "{n} person has a value on “{name}” without recorded consent. A sensitive value needs "
                    "consent, so it will be removed. You can undo this with Ctrl+Z.",
                    "{n} people have a value on “{name}” without recorded consent. A sensitive value needs "
                    "consent, so these values will be removed. You can undo this with Ctrl+Z.",
                    n,
                ).format(n=n, name=d.name)
                if not confirm(self, _("Make “{name}” sensitive").format(name=d.name), question):
                    self._show_dimension(self.dim_list.currentRow())
                    return
        self._save_dim(new, _("Change dimension “{name}”").format(name=d.name))

    def add_dimension(self) -> None:
        name = _ask_text(self, _("Add dimension"), _("Name of the new dimension:"))
        if name is None or not name.strip():
            return
        info = events.new_dimension(name.strip(), position=max((d.position for d in self._dims), default=-1) + 1)
        if self._save_dim(info, _("Add dimension “{name}”").format(name=info.name)):
            self.select_dimension(info.id)

    def remove_dimension(self) -> None:
        from dialogue_app.ui.people_panel import confirm

        d = self._current_dim()
        if d is None:
            return
        if not confirm(self, _("Remove dimension"),
                       _("Remove the dimension “{name}” and everyone's values on it? You can undo this with Ctrl+Z.")
                       .format(name=d.name)):
            return
        self.ctx.apply(RemoveDimension(d.id, _("Remove dimension “{name}”").format(name=d.name)),
                       areas={"event", "people"}, on_error=lambda exc: self._show_problem(self.dim_problem, exc))

    def select_dimension(self, dim_id: uuid.UUID) -> None:
        for i, d in enumerate(self._dims):
            if d.id == dim_id:
                self.dim_list.setCurrentRow(i)

    def _with_categories(self, d: DimensionInfo, cats: list[CategoryInfo]) -> DimensionInfo:
        return replace(d, categories=tuple(cats))

    def add_category(self) -> None:
        d = self._current_dim()
        if d is None:
            return
        label = _ask_text(self, _("Add category"), _("New category of “{name}”:").format(name=d.name))
        if label is None or not label.strip():
            return
        cats = list(d.categories)
        row = self.cat_list.currentRow()
        pos = row + 1 if d.kind == "ordinal" and row >= 0 else len(cats)
        cats.insert(pos, CategoryInfo(uuid.uuid4(), label.strip()))
        if self._save_dim(self._with_categories(d, cats), _("Add category “{label}”").format(label=label.strip())):
            self.cat_list.setCurrentRow(pos)

    def rename_category(self) -> None:
        d = self._current_dim()
        row = self.cat_list.currentRow()
        if d is None or not 0 <= row < len(d.categories):
            return
        old = d.categories[row]
        label = _ask_text(self, _("Rename category"), _("New name for “{label}”:").format(label=old.label), old.label)
        if label is None or label.strip() == old.label:
            return
        cats = list(d.categories)
        cats[row] = replace(old, label=label.strip())
        self._save_dim(self._with_categories(d, cats),
                       _("Rename category “{old}” to “{new}”").format(old=old.label, new=label.strip()))

    def remove_category(self) -> None:
        from dialogue_app.ui.people_panel import confirm

        d = self._current_dim()
        row = self.cat_list.currentRow()
        if d is None or not 0 <= row < len(d.categories):
            return
        cat = d.categories[row]
        n = self.ctx.read(lambda s: values_count(s, cat.id))
        if n:
            question = i18n.ngettext(
                "{n} person has “{label}”: their value will be removed. You can undo this with Ctrl+Z.",
                "{n} people have “{label}”: their values will be removed. You can undo this with Ctrl+Z.",
                n,
            ).format(n=n, label=cat.label)
            if not confirm(self, _("Remove category"), question):
                return
        cats = [c for c in d.categories if c.id != cat.id]
        self._save_dim(self._with_categories(d, cats), _("Remove category “{label}”").format(label=cat.label))

    def move_category(self, step: int) -> None:
        d = self._current_dim()
        row = self.cat_list.currentRow()
        target = row + step
        if d is None or not (0 <= row < len(d.categories)) or not (0 <= target < len(d.categories)):
            return
        cats = list(d.categories)
        cats[row], cats[target] = cats[target], cats[row]
        if self._save_dim(self._with_categories(d, cats),
                          _("Move category “{label}”").format(label=d.categories[row].label)):
            self.cat_list.setCurrentRow(target)
