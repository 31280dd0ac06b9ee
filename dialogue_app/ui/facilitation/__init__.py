"""The Facilitation area: the live page with the timer, the projector view, the commitment form and
the script editor."""
