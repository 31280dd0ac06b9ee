"""Combo boxes whose items carry Python values (UUIDs, enums) as their data."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def find_data(combo: QComboBox, value: Any) -> int:
    """Index of the item whose data equals ``value`` (QComboBox.findData does not compare
    Python objects such as UUIDs by value); -1 when none."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            return i
    return -1
