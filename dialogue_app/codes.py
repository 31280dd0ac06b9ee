"""Random short participant codes (badges, QR codes, survey linking).

Codes are random, never derived from the name, and avoid look-alike characters
(0/O, 1/I/L) so they can be typed from a badge.
"""

from __future__ import annotations

import random
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
def new_code(taken: set[str] | None = None, rng: random.Random | None = None) -> str:
    """A fresh code not in ``taken`` (which is updated). Real codes come from ``secrets``;
    the fictional demo passes its seeded ``rng`` so that the same seed gives the same event."""
    choice = rng.choice if rng is not None else secrets.choice
    while True:
        code = "".join(choice(ALPHABET) for _ in range(LENGTH))
        if taken is None or code not in taken:
            if taken is not None:
                taken.add(code)
            return code


def normalise_code(text: str) -> str:
    """What a person typed or a scanner sent -> canonical code ("k7qm-3x " -> "K7QM3X")."""
    return re.sub(r"[\s\-]", "", text or "").upper()

