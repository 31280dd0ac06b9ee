"""Small widgets and helpers that several panels share: a table model over a list of rows
(:mod:`.rows`), date editors with a "no date" value (:mod:`.dates`), selectable labels and
bidi-safe names (:mod:`.labels`), combo-box look-ups (:mod:`.combos`) and file-dialog filters
(:mod:`.files`). Qt only; no services, no database."""
