"""`Text`: the free-text fields of the input models (names, localities, units, notes)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from .lang import say


def _encodable(value: str) -> str:
    # a lone surrogate ('\ud800', from a broken decoder) is not text: JSON of the result could not be written
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            say("error.lone_surrogate", char=repr(value[exc.start : exc.end]), position=exc.start)
        ) from None
    return value


Text = Annotated[str, AfterValidator(_encodable)]
"""A str that is valid Unicode (encodes as UTF-8), so every result holding it serializes and replays."""
