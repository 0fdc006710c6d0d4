"""The language of explanations: Chinese (the law's own words) by default, English on request.

Every sentence a result, an error or the CLI shows people is a message of the catalogue
(``zjpolicy/messages/*.yaml``: one key, a Chinese and an English template). Machine fields (JSON keys,
enum values, ids) never change with the language, and neither does a decision: the language is prose only.

The language of a call is, in order: its ``lang=`` argument, the innermost `use_language` block, the process
default (`set_language`, else the ``ZJPOLICY_LANG`` environment variable), else ``"zh"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args

__all__ = ["LANGUAGES", "Lang", "check_language", "language", "say", "set_language", "use_language"]

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
"""The languages every message has: Chinese (default) and English."""

_CALL: ContextVar[Lang | None] = ContextVar("zjpolicy_lang", default=None)
_process: list[Lang | None] = [None]  # set_language; a list so threads started later see it too


def check_language(lang: Any) -> Lang:
    """`lang` if it is one of `LANGUAGES`, else an InputError saying which are."""
    if lang in LANGUAGES:
        return lang  # type: ignore[no-any-return]
    from .errors import input_error, shown

    raise input_error("lang", f"lang must be one of {', '.join(LANGUAGES)}, got {shown(lang)}", value=shown(lang))


def _env_default() -> Lang:
    raw = os.environ.get("ZJPOLICY_LANG", "").strip().lower()
    return raw if raw in LANGUAGES else "zh"  # type: ignore[return-value]


def language() -> Lang:
    """The language in force here (see the module docstring for the order)."""
    return _CALL.get() or _process[0] or _env_default()


def set_language(lang: Lang | None) -> None:
    """Set the process default (None: back to ``ZJPOLICY_LANG`` or Chinese)."""
    _process[0] = None if lang is None else check_language(lang)


@contextmanager
def use_language(lang: Lang | None) -> Iterator[Lang]:
    """Within the block, messages are in `lang` (None: leave the language as it is)."""
    if lang is None:
        yield language()
        return
    token = _CALL.set(check_language(lang))
    try:
        yield lang
    finally:
        _CALL.reset(token)


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """key -> {"zh": template, "en": template}, from every ``zjpolicy/messages/*.yaml`` (a key defined twice is an
    error, as is one without both languages)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, Mapping[str, str]] = {}
    folder = resources.files("zjpolicy") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, texts in data.items():
            if key in out:
                raise ValueError(f"message {key!r} is defined twice (messages/{entry.name})")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise ValueError(f"message {key!r} (messages/{entry.name}) needs exactly {', '.join(LANGUAGES)}")
            out[str(key)] = {lang: str(texts[lang]) for lang in LANGUAGES}
    return out


def say(key: str, /, lang: Lang | None = None, **fields: Any) -> str:
    """The message `key` in `lang` (default: the language in force), its ``{placeholders}`` filled from `fields`."""
    try:
        template = catalogue()[key][lang or language()]
    except KeyError:
        raise KeyError(f"no message {key!r} in zjpolicy/messages (add it in both languages)") from None
    return template.format(**fields) if fields else template


def pick(zh: str | None, en: str | None, lang: Lang | None = None) -> str:
    """The Chinese or English of a text the rulebook gives in both (a note, a rationale); the other if one is
    missing."""
    if (lang or language()) == "zh":
        return zh or en or ""
    return en or zh or ""
