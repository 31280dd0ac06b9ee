"""The Commitments area: every commitment of the event, filters, edit and delete, and the
follow-up by participant code."""
