"""The overtime chime: a soft two-tone sound generated as a WAV file, played through Qt
Multimedia when it is installed (the `chime` extra); the system beep otherwise."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

from dialogue_app import paths


def write_chime(path: Path, seconds: float = 0.6, rate: int = 22050) -> Path:
    """A soft two-tone chime as a 16-bit mono WAV (generated: no bundled audio)."""
    frames = bytearray()
    n = int(seconds * rate)
    for i in range(n):
        t = i / rate
        freq = 660.0 if t < seconds / 2 else 880.0
        envelope = min(1.0, t * 40) * max(0.0, 1.0 - t / seconds) ** 2
        frames += struct.pack("<h", int(0.25 * 32767 * envelope * math.sin(2 * math.pi * freq * t)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


def chime_available() -> bool:
    """Qt Multimedia imports: the `chime` extra (PySide6-Addons) and its system libraries are there."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


def make_chime(parent):
    """A QSoundEffect with the chime, or None where Qt Multimedia or audio is missing."""
    try:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect

        path = paths.cache_dir() / "overtime-chime.wav"
        if not path.exists():
            write_chime(path)
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(0.5)
        return effect
    except (ImportError, OSError, RuntimeError):
        return None
