"""What the import wizard's pages share through the wizard (:class:`~.wizard.ImportWizard`
has these), so the pages need not import the wizard that composes them."""

from __future__ import annotations

from typing import Any, Protocol

from dialogue_app.importing import ImportPreview, ImportResult, RawTable
from dialogue_app.services.events import DimensionInfo


class WizardState(Protocol):
    ctx: Any
    table: RawTable | None
    sheet: str | None
    #: consent column -> sensitive dimension keys it covers (the user's answer)
    consent_choice: dict[int, frozenset[str]]
    mapping: dict[int, str | None]
    preview: ImportPreview | None
    result: ImportResult | None
    dimensions: list[DimensionInfo]
    mapping_page: Any

    def back(self) -> None: ...
