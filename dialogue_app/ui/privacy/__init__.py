"""The privacy page (:mod:`.panel`) and the retention banner."""
