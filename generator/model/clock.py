"""A time of day as a secretariat types it in meeting.yaml: "10:00", "9:30" or "１０：００"."""

from __future__ import annotations

import datetime
import re

# The full-width digits and colon a Japanese IME types are read as their ASCII forms.
_TIME_INPUT = str.maketrans("０１２３４５６７８９：", "0123456789:")
_TIME_PATTERN = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def parse_time(value: str) -> datetime.time:
    """Read a time written as "10:00" or "9:30"; full-width "１０：００" is accepted too."""
    match = _TIME_PATTERN.fullmatch(value.strip().translate(_TIME_INPUT))
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour <= 23 and minute <= 59:
            return datetime.time(hour, minute)
    raise ValueError(
        f"時刻「{value}」は正しくありません。00:00〜23:59 の形で書いてください（例: 10:00）"
    )
