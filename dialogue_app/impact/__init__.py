"""Impact across events: pool the survey SQLite exports of many events (cities, years).

Pure (no Qt, no event database): :mod:`.reader` opens each export read-only with the
``sqlite3`` module, :mod:`.pooling` holds the statistics (Mantel–Haenszel for matched pairs,
DerSimonian–Laird random effects), :mod:`.analysis` builds the :class:`ImpactReport`,
:mod:`.report_pdf` and :mod:`.tables` write the PDF, JSON and XLSX. Only aggregates leave:
no person-level row, no count below 5 (see docs/notes/impact.md).
"""
