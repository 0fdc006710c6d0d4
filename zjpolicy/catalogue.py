"""The catalogue: the one place that lists the rule packages.

Rules are found here and nowhere else (no registry filled by import side effects). Each package named in
`PACKAGES` exposes

- ``rules(rulebook) -> list[Rule]``: its rules for that rulebook (target rules are built per rulebook, so a
  clause added in a custom rulebook is assessed like a bundled one);
- a ``cli`` module with ``register(app)``: its commands, mounted by `zjpolicy.cli`.

Adding a package is one line here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rulebook import Rulebook
    from .rules import Rule

__all__ = ["PACKAGES", "all_rules", "get_rule"]

PACKAGES = ("zjpolicy.rubric", "zjpolicy.land_energy", "zjpolicy.targets")


def all_rules(rulebook: Rulebook | None = None) -> dict[str, Rule[Any, Any]]:
    """Every rule of every package, for `rulebook` (default: the bundled one), by rule id."""
    from .rulebook import default_rulebook

    rb = rulebook or default_rulebook()
    return rb.memo(("catalogue.rules",), lambda: _collect(rb))


def _collect(rb: Rulebook) -> dict[str, Rule[Any, Any]]:
    out: dict[str, Rule[Any, Any]] = {}
    for pkg in PACKAGES:
        for r in importlib.import_module(pkg).rules(rb):
            if r.id in out:
                from .errors import RulebookError

                raise RulebookError(f"rule {r.id} is defined twice ({pkg})")
            out[r.id] = r
    return out


def get_rule(rule_id: str, rulebook: Rulebook | None = None) -> Rule[Any, Any]:
    """The rule with this id; `UnknownIdError` (a `KeyError`) naming the known ids otherwise."""
    from .errors import UnknownIdError

    rules = all_rules(rulebook)
    try:
        return rules[rule_id]
    except KeyError:
        raise UnknownIdError("rule", rule_id, sorted(rules)) from None
