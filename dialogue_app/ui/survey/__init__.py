"""The Surveys area: ``panel`` (the tabs), ``results``, ``paper_entry`` (keyboard entry of paper forms),
``kiosk`` (the on-screen form), ``answer_field`` (one answer typed with one key) and ``instrument``
(the item editor)."""
