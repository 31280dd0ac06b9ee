"""Personal data handled lawfully: the pure, generic parts.

* :mod:`.policy`: which table holds personal data about a person and what
  forgetting does with it (a registry checked against ``Base.metadata``);
* :mod:`.erasure`: forget one person or purge every person (generic, driven by
  the registry and the foreign keys to ``person``);
* :mod:`.access`: everything the app holds about one person (subject access);
* :mod:`.texts`: the default consent texts (translated);
* :mod:`.consent_hooks`: every new consent records the text and version it was
  given under.

User-facing services that combine these live in :mod:`dialogue_app.services.privacy`.
"""
