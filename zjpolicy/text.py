"""`Text`: the free-text fields of the input models (names, localities, units, notes)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _encodable(value: str) -> str:
    # a lone surrogate ('\ud800', from a broken decoder) is not text: JSON of the result could not be written
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"text with a lone surrogate {value[exc.start : exc.end]!r} at position {exc.start} is not valid Unicode; "
            "decode the source as UTF-8"
        ) from None
    return value


Text = Annotated[str, AfterValidator(_encodable)]
"""A str that is valid Unicode (encodes as UTF-8), so every result holding it serializes and replays."""
