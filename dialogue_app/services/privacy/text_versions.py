"""Consent texts per event, dimension and language: each edit is a new version, version 1 the default."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Consent, ConsentText, Dimension
from dialogue_app.privacy.texts import default_consent_text
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy.activity_log import _log
from dialogue_app.services.privacy.consent import sensitive_dimensions
from dialogue_app.services.privacy.consent_hooks import (
    current_text,
    ensure_text,
    forget_cached_texts,
    version_key,
)

# --- consent texts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentTextInfo:
    dimension_key: str
    dimension_name: str
    language: str
    version: str
    text: str
    is_default: bool
    #: consents recorded under this version
    given: int


def event_language(session: Session) -> str:
    return current_event(session).language


def text_languages() -> list[str]:
    """Every supported language (consent texts must exist in each)."""
    return sorted({*i18n.available_languages(), i18n.SOURCE_LANGUAGE, *i18n.COMPLETE_LANGUAGES})


def _info(session: Session, d: Dimension, lang: str) -> ConsentTextInfo:
    e = current_event(session)
    row = current_text(session, e.id, "dimension", d.key, lang)
    default = default_consent_text(d.key, d.name, lang)
    version = row.version if row else "1"
    text = row.text if row else default
    given = session.scalar(
        select(func.count()).select_from(Consent).where(Consent.dimension_id == d.id, Consent.text_version == version,
                                                        Consent.text == text)
    ) or 0
    return ConsentTextInfo(d.key, d.name, lang, version, text, text == default, given)


def consent_texts(session: Session) -> list[ConsentTextInfo]:
    """The current consent text of every sensitive dimension in every language."""
    return [_info(session, d, lang) for d in sensitive_dimensions(session) for lang in text_languages()]


def consent_text_history(session: Session, dimension_key: str, lang: str) -> list[ConsentTextInfo]:
    e = current_event(session)
    d = _dimension(session, dimension_key)
    rows = session.scalars(select(ConsentText).where(
        ConsentText.event_id == e.id, ConsentText.purpose == "dimension", ConsentText.dimension_key == d.key,
        ConsentText.language == lang)).all()
    default = default_consent_text(d.key, d.name, lang)
    return [ConsentTextInfo(d.key, d.name, lang, r.version, r.text, r.text == default, 0)
            for r in sorted(rows, key=lambda r: version_key(r.version))]


def _dimension(session: Session, key: str) -> Dimension:
    for d in sensitive_dimensions(session):
        if d.key == key:
            return d
    raise NotFound(_("No sensitive dimension has the key “{key}”.").format(key=key))


def save_consent_text(session: Session, dimension_key: str, lang: str, text: str) -> ConsentTextInfo:
    """Store an edited consent text as a new version (consents given earlier keep theirs)."""
    text = text.strip()
    if not text:
        raise UserInputError(_("A consent text cannot be empty."))
    if lang not in text_languages():
        raise UserInputError(_("Unknown language “{code}”; choose one of: {langs}.").format(
            code=lang, langs=", ".join(text_languages())))
    d = _dimension(session, dimension_key)
    current = ensure_text(session, d, lang)
    session.flush()
    if current.text != text:
        version = str(version_key(current.version)[0] + 1)
        session.add(ConsentText(event_id=d.event_id, purpose="dimension", dimension_key=d.key, language=lang,
                                version=version, text=text))
        _log(session, "consent_text", detail=f"{d.name} · {lang} · v{version}")
        session.flush()
    forget_cached_texts(session)
    return _info(session, d, lang)
