"""The import wizard's column mapping page: which column holds what, with a preview of the
first rows, the encoding and what each consent column covers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from dialogue_app import importing
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import FIELD_KEYS, field_label
from dialogue_app.importing.encodings import encoding_label
from dialogue_app.importing.mapping import consent_scope, guess_mapping_explained
from dialogue_app.ui.importing.review import ConsentScopeBox, EncodingBox, WarningsBox
from dialogue_app.ui.importing.state import WizardState

PREVIEW_ROWS = 5


class MappingPage(QWizardPage):
    def __init__(self, wizard: WizardState) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Match the columns"))
        self.setSubTitle(_("For each column of the file, choose what it holds. Columns set to “(not imported)” are "
                           "ignored."))
        self.combos: list[QComboBox] = []
        # column -> close-match note; shadows QWidget.close(), which nothing calls on a wizard page
        self.close: dict[int, str] = {}  # type: ignore[assignment]
        self.warnings = WarningsBox(_("Check before going on"))
        self.encoding = EncodingBox(self._reread)
        self.consent = ConsentScopeBox(self._consent_changed)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setAccessibleName(_("Column mapping"))
        scroll.setMinimumHeight(190)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(_("First rows of the file"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        preview_label = QLabel(_("First rows of the file:"))
        preview_label.setBuddy(self.preview)
        rows_h = self.preview.verticalHeader().defaultSectionSize()
        self.preview.setMaximumHeight(rows_h * 4 + 2 * self.preview.frameWidth() + 24)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warnings)
        layout.addWidget(self.encoding)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.consent)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview)

    def initializePage(self) -> None:
        table = self.wiz.table
        assert table is not None  # the file page read it
        dims = self.wiz.dimensions
        try:
            guessed, self.close = guess_mapping_explained(table.headers, dims)
        except DialogueError as exc:
            self.wiz.ctx.report_error(exc, self)
            guessed, self.close = {}, {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            assert item is not None  # the grid still has count() items
            widget = item.widget()
            if widget:
                widget.deleteLater()
        self.combos = []
        names = {d.key: d.name for d in dims}
        choices: list[tuple[str, str | None]] = [(field_label(None), None)]
        choices += [(field_label(k), k) for k in FIELD_KEYS]
        choices += [(field_label("dim:" + d.key, names), "dim:" + d.key) for d in dims]
        head1, head2, head3 = QLabel("<b>" + _("Column") + "</b>"), QLabel("<b>" + _("Example") + "</b>"), \
            QLabel("<b>" + _("Import as") + "</b>")
        self.grid.addWidget(head1, 0, 0)
        self.grid.addWidget(head2, 0, 1)
        self.grid.addWidget(head3, 0, 2)
        self.close_labels: dict[int, QLabel] = {}
        for i, header in enumerate(table.headers):
            example = next((r[i] for r in table.rows[:20] if i < len(r) and r[i].strip()), "")
            name = QLabel(header or _("(column {n})").format(n=i + 1))
            ex = QLabel(example[:40])
            combo = QComboBox()
            combo.setAccessibleName(_("Import column “{name}” as").format(name=header or str(i + 1)))
            for text, key in choices:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(i))))
            name.setBuddy(combo)
            self.combos.append(combo)
            self.grid.addWidget(name, i + 1, 0)
            self.grid.addWidget(ex, i + 1, 1)
            self.grid.addWidget(combo, i + 1, 2)
            if i in self.close:
                note = QLabel("≈ " + _("close match: check it"))
                note.setAccessibleName(_("“{name}” is a close match").format(name=header.strip()))
                self.grid.addWidget(note, i + 1, 3)
                self.close_labels[i] = note
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.grid.setColumnStretch(4, 1)
        self.grid.setColumnMinimumWidth(1, 160)
        self.grid.setRowStretch(len(table.headers) + 1, 1)
        # the preview
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(table.headers))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(table.headers)
        for r, row in enumerate(rows):
            for c in range(len(table.headers)):
                self.preview.setItem(r, c, QTableWidgetItem(row[c] if c < len(row) else ""))
        self.preview.resizeColumnsToContents()
        self._mapping_changed()

    def mapping(self) -> dict[int, str | None]:
        return {i: c.currentData() for i, c in enumerate(self.combos)}

    def _reread(self, encoding: str) -> None:
        """The user chose another encoding: read the file again and guess the mapping again,
        keeping the user's choice for every column whose header reads the same."""
        current = self.wiz.table
        assert current is not None  # the file page read it
        old_headers, old_mapping = list(current.headers), self.mapping()
        try:
            table = importing.read_table(current.source, sheet=self.wiz.sheet, encoding=encoding)
        except DialogueError as exc:
            self.warnings.set_items([exc.message])
            return
        self.wiz.table = table
        self.initializePage()
        for i, combo in enumerate(self.combos):
            if i < len(old_headers) and table.headers[i] == old_headers[i] and i in old_mapping:
                combo.setCurrentIndex(max(0, combo.findData(old_mapping[i])))

    def _consent_changed(self) -> None:
        self.wiz.consent_choice = self.consent.scope()
        self._update_warnings()

    def _mapping_changed(self, *_args) -> None:
        table, mapping = self.wiz.table, self.mapping()
        assert table is not None  # the file page read it
        present = {f[4:] for f in mapping.values() if f and f.startswith("dim:")}
        scope = consent_scope(table.headers, mapping, self.wiz.dimensions)
        chosen = {c: v for c, v in self.wiz.consent_choice.items() if c in scope}
        self.consent.show_scope(table.headers, scope, self.wiz.dimensions, present, chosen)
        self.wiz.consent_choice = self.consent.scope()
        self.encoding.show_table(table, mapping)
        self._update_warnings()

    def _update_warnings(self) -> None:
        table, mapping = self.wiz.table, self.mapping()
        assert table is not None  # the file page read it
        names = {d.key: d.name for d in self.wiz.dimensions}
        items = []
        if table.encoding_guessed:
            items.append(_("The encoding had to be guessed ({encoding}): check the names under “Encoding of the "
                           "file”; if they look wrong, choose another encoding there.").format(
                               encoding=encoding_label(table.encoding)))
        if table.stray_bom:
            items.append(_("The file starts with a UTF-8 mark but is not UTF-8; the mark was ignored."))
        for col, field in sorted(self.close.items()):
            if mapping.get(col) == field:
                items.append(_("“{header}” → {field} (close match)").format(
                    header=table.headers[col].strip(), field=field_label(field, names)))
        for col, keys in sorted(self.wiz.consent_choice.items()):
            header = table.headers[col].strip()
            if keys:
                items.append(_("“yes” in “{column}” records consent for: {dimensions}.").format(
                    column=header, dimensions=", ".join(d.name for d in self.wiz.dimensions if d.key in keys)))
            else:
                items.append(_("“{column}” records no consent: it covers no sensitive column of the file.").format(
                    column=header))
        if mapping and not ({"first_name", "last_name", "full_name"} & set(mapping.values())):
            items.append(_("No column holds names: map a column to “First name”, “Last name” or “Full name”."))
        self.warnings.set_items(items)

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        self.wiz.consent_choice = self.consent.scope()
        return True
