"""zjpolicy: Zhejiang manufacturing policy as typed, unit-aware, versioned, cited Python rules.

Two documents are encoded: 浙江省人民政府关于高质量发展建设全球先进制造业基地的指导意见 (2022) and
浙江省制造业高质量发展示范园区建设实施方案. Every number lives in the rulebook (YAML, with its
citation); rules return explained, auditable results.
"""

from __future__ import annotations

__version__ = "0.2.0"

from .errors import InputError, NotInForceError, OverrideError, RulebookError, UnitError, ZjpolicyError
from .exact import Comparison
from .results import Check, Citation, ReadingUsed, RuleResult
from .rulebook import Rulebook, default_rulebook, load_rulebook
from .units import Q_, normalize

__all__ = [
    "Q_",
    "Check",
    "Citation",
    "Comparison",
    "InputError",
    "NotInForceError",
    "OverrideError",
    "ReadingUsed",
    "RuleResult",
    "Rulebook",
    "RulebookError",
    "UnitError",
    "ZjpolicyError",
    "__version__",
    "default_rulebook",
    "load_rulebook",
    "normalize",
    "replay",
]


def replay(stored: str | dict, *, rulebook: Rulebook | None = None):  # type: ignore[no-untyped-def]
    """Re-run a stored result (JSON text or dict) and return the fresh result.

    Raises `ReplayMismatch` if the fresh result differs (another package or rule version, other
    parameters), so an auditor sees at once whether a stored decision still stands.
    """
    from .audit import replay as _replay

    return _replay(stored, rulebook=rulebook)
