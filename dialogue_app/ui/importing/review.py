"""What the import wizard says loudly before anything is written: a warnings box,
the file's encoding (with names to check and a choice that re-reads the file) and
which sensitive dimensions a consent column covers.

Used by :mod:`dialogue_app.ui.importing.wizard`; no database access here.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.importing import ImportPreview, RawTable
from dialogue_app.importing.encodings import ENCODINGS, encoding_label, non_ascii_samples
from dialogue_app.importing.report import format_issue


class WarningsBox(QFrame):
    """A framed "⚠ Check before importing" box with one line per point (hidden when empty)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWarnings")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#importWarnings { border: 2px solid #b26a00; border-radius: 4px; "
                           "background: palette(base); }")
        self.title = QLabel("<b>⚠ " + html.escape(title) + "</b>")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self.items: list[str] = []
        self.hide()

    def set_items(self, items: list[str]) -> None:
        self.items = list(items)
        self.body.setText("<br>".join("• " + html.escape(i) for i in items))
        self.setVisible(bool(items))

    def text(self) -> str:
        return "\n".join(self.items)


def _names_columns(mapping: dict[int, str | None]) -> list[int]:
    return [c for c, f in sorted(mapping.items()) if f in ("first_name", "last_name", "full_name")]


class EncodingBox(QGroupBox):
    """The encoding the file was read in, the names with non-ASCII letters as they read now,
    and a choice of encoding; choosing one calls ``reread(encoding)``."""

    def __init__(self, reread: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(_("Encoding of the file"), parent)
        self.reread = reread
        self.combo = QComboBox()
        self.combo.setAccessibleName(_("Encoding of the file"))
        self.samples = QLabel()
        self.samples.setWordWrap(True)
        self.samples.setAccessibleName(_("Names with accented or non-Latin letters"))
        label = QLabel(_("&Read the file as:"))
        label.setBuddy(self.combo)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.samples)
        self.combo.activated.connect(self._chosen)
        self.guessed = False

    def show_table(self, table: RawTable, mapping: dict[int, str | None]) -> None:
        if table.encoding in ("xlsx", ""):
            self.hide()
            return
        self.show()
        current = table.encoding.split("+")[-1]
        current = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(current, current)
        order = list(table.encoding_candidates) or list(ENCODINGS)
        order += [e for e in ENCODINGS if e not in order]
        self.combo.blockSignals(True)
        self.combo.clear()
        for enc in order:
            self.combo.addItem(encoding_label(enc), enc)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self.guessed = table.encoding_guessed
        samples = non_ascii_samples(table, _names_columns(mapping) or None, 8)
        if samples:
            self.samples.setText(_("Names with accents or other alphabets: {names}").format(names=", ".join(samples)))
        else:
            self.samples.setText(_("No names with accents or other alphabets."))

    def _chosen(self, index: int) -> None:
        enc = self.combo.itemData(index)
        if enc:
            self.reread(enc)


class ConsentScopeBox(QGroupBox):
    """For each consent column: which sensitive dimensions its "yes" covers. Dimensions with no
    column in the file cannot be ticked (no consent is recorded for them)."""

    def __init__(self, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(_("What does the consent column cover?"), parent)
        self.changed = changed
        self.form = QFormLayout(self)
        self.boxes: dict[int, dict[str, QCheckBox]] = {}
        self.hide()

    def show_scope(self, headers: list[str], scope: dict[int, tuple[frozenset[str], bool]],
                   dimensions: list, present: set[str], chosen: dict[int, frozenset[str]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.boxes = {}
        sensitive = [d for d in dimensions if d.sensitive]
        for col, (default, generic) in sorted(scope.items()):
            current = chosen.get(col, default)
            row = QHBoxLayout()
            checks: dict[str, QCheckBox] = {}
            for d in sensitive:
                has = d.key in present
                text = d.name if has else _("{dimension} (no column in the file)").format(dimension=d.name)
                box = QCheckBox(text)
                box.setAccessibleName(_("Consent in “{column}” covers {dimension}").format(
                    column=headers[col].strip(), dimension=d.name))
                box.setChecked(has and d.key in current)
                box.setEnabled(has)
                box.toggled.connect(self.changed)
                row.addWidget(box)
                checks[d.key] = box
            row.addStretch(1)
            header = headers[col].strip()
            label = QLabel(_("“{column}” (the file does not say):").format(column=header) if generic
                           else _("“{column}”:").format(column=header))
            self.form.addRow(label, row)
            self.boxes[col] = checks
        self.setVisible(bool(scope))

    def scope(self) -> dict[int, frozenset[str]]:
        return {col: frozenset(k for k, b in checks.items() if b.isChecked()) for col, checks in self.boxes.items()}


def check_points(preview: ImportPreview, dimension_names: dict[str, str]) -> list[str]:
    """The points of the check page's warnings box: file-level notes, rows with errors,
    duplicates (with row numbers), new categories, columns not imported."""
    points = [format_issue(i) for i in preview.issues if i.row == 0 and i.severity == "warning"]
    bad = sorted({i.row for i in preview.errors if i.row})
    if bad:
        points.append(_("Rows with errors (not imported unless you choose to skip them): {rows}.").format(
            rows=", ".join(str(r) for r in bad)))
    dupes = [(p.row, p.same_as_row) for p in preview.people if p.same_as_row]
    if dupes:
        points.append(_("The same person more than once (the rows are merged): {pairs}.").format(
            pairs=", ".join(_("row {row} = row {other}").format(row=r, other=o) for r, o in dupes)))
    existing = [p.row for p in preview.people if p.existing_id is not None and not p.same_as_row]
    if existing:
        points.append(_("Already in the event (updated, not added twice): rows {rows}.").format(
            rows=", ".join(str(r) for r in existing)))
    for key, labels in preview.new_categories.items():
        points.append(_("New categories of {dimension} (not recognised as existing ones): {labels}.").format(
            dimension=dimension_names.get(key, key), labels=", ".join(labels)))
    if preview.unmapped_columns:
        points.append(_("Not imported: {columns}.").format(columns=", ".join(preview.unmapped_columns)))
    return points
