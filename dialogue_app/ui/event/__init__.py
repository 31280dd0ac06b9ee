"""The Event area: the event's settings, its tables and venues, its diversity dimensions (the panel in
``panel``, its parts in sibling modules)."""
