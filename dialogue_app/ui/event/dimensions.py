"""The Event area's dimension editor (a part of the panel)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import events
from dialogue_app.services.dimension_edits import (
    EditDimension,
    RemoveDimension,
    values_count,
    values_without_consent,
)
from dialogue_app.services.events import CategoryInfo, DimensionInfo
from dialogue_app.ui.event.common import _ask_text, _list_key, _problem_label, _show_problem
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.widgets.wrapping import keep_wrapped_height

#: The parts are mixins of :class:`~dialogue_app.ui.event.panel.EventPanel` sharing its state; type
#: checkers see them as panels.
if TYPE_CHECKING:
    _PanelPart = Panel
else:
    _PanelPart = object


class DimensionEditor(_PanelPart):
    """The diversity dimensions: each change (name, kind, weight, flags, categories) is stored at once
    as one undo step; a value the services refuse changes nothing and the reason is shown."""

    _loading: bool
    _dims: list[DimensionInfo]
    unknown: QDoubleSpinBox

    def _build_dimensions(self) -> QGroupBox:
        """The dimension editor: the list, a dimension's details and its categories."""
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
        for spin in (self.unknown, self.dim_weight):  # "0,50" in Dutch and French, like format_decimal
            spin.setLocale(QLocale(i18n.current_language()))
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
        _list_key(self.dim_list, Qt.Key.Key_Insert, self.add_dimension)
        _list_key(self.dim_list, Qt.Key.Key_Delete, self.remove_dimension)
        _list_key(self.cat_list, Qt.Key.Key_Insert, self.add_category)
        _list_key(self.cat_list, Qt.Key.Key_Delete, self.remove_category)
        _list_key(self.cat_list, QKeySequence("Ctrl+Up"), lambda: self.move_category(-1))
        _list_key(self.cat_list, QKeySequence("Ctrl+Down"), lambda: self.move_category(1))
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
            help_label = keep_wrapped_height(QLabel(text))
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
        self.dim_problem = _problem_label()
        right.addWidget(self.dim_problem)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return dim_box

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
                prefix = f"{i + 1}. " if d is not None and d.kind == "ordinal" else ""
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

    def _save_dim(self, info: DimensionInfo, label: str) -> bool:
        ok = self.ctx.apply(EditDimension(info, label), areas={"event", "people"},
                            on_error=lambda exc: _show_problem(self.dim_problem, exc))
        if ok:
            _show_problem(self.dim_problem, None)
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
                       areas={"event", "people"}, on_error=lambda exc: _show_problem(self.dim_problem, exc))

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
