"""Every new consent records the exact text and version it was given under.

Whatever code path creates a :class:`~dialogue_app.models.Consent` (the person
editor, an import, the demo) without a text, this session hook fills in the
event's current consent text for that dimension (in the event's language) and
its version, creating version 1 from the app's default text when the event has
none yet. Storage runs it on every session of every store (:func:`dialogue_app.storage.on_before_flush`);
importing :mod:`dialogue_app.services` registers it, so it is active wherever services write.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import storage
from dialogue_app.models.event import Event
from dialogue_app.models.people import Consent, ConsentText, Dimension
from dialogue_app.privacy.texts import default_consent_text

CACHE_KEY = "privacy.consent_texts"


def forget_cached_texts(session: Session) -> None:
    """Call after editing consent texts within a unit of work."""
    session.info.pop(CACHE_KEY, None)


def version_key(version: str) -> tuple[int, str]:
    return (int(version), "") if version.isdigit() else (0, version)


def current_text(session: Session, event_id, purpose: str, key: str, lang: str) -> ConsentText | None:
    rows = list(session.scalars(
        select(ConsentText).where(
            ConsentText.event_id == event_id, ConsentText.purpose == purpose,
            ConsentText.dimension_key == key, ConsentText.language == lang,
        )
    ))
    rows += [o for o in session.new if isinstance(o, ConsentText) and o not in rows and o.event_id == event_id
             and o.purpose == purpose and o.dimension_key == key and o.language == lang]
    return max(rows, key=lambda r: version_key(r.version or "1"), default=None)


def ensure_text(session: Session, dimension: Dimension, lang: str, purpose: str = "dimension") -> ConsentText:
    """The current consent text of a dimension in a language (version 1 = the default, created on demand)."""
    found = current_text(session, dimension.event_id, purpose, dimension.key, lang)
    if found is None:
        found = ConsentText(
            event_id=dimension.event_id, purpose=purpose, dimension_key=dimension.key, language=lang, version="1",
            text=default_consent_text(dimension.key, dimension.name, lang),
        )
        session.add(found)
    return found


@storage.on_before_flush
def _stamp_consents(session: Session, _context, _instances) -> None:
    new = [o for o in session.new if isinstance(o, Consent) and not o.text and o.dimension_id is not None]
    if not new:
        return
    cache = session.info.setdefault(CACHE_KEY, {})  # one unit of work: texts do not change under it
    with session.no_autoflush:
        for c in new:
            d = session.get(Dimension, c.dimension_id)
            if d is None:
                continue
            lang = cache.get(d.event_id)
            if lang is None:
                lang = cache[d.event_id] = session.scalar(select(Event.language).where(Event.id == d.event_id)) or "en"
            purpose = c.purpose or "dimension"
            t = cache.get((d.id, purpose, lang))
            if t is None:
                t = cache[(d.id, purpose, lang)] = ensure_text(session, d, lang, purpose)
            c.text, c.text_version = t.text, t.version
