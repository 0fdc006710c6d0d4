"""Request envelopes: a rule's ``inputs`` (its input model), ``as_of`` (default today), ``overrides`` (what-if
parameter values or readings) and ``options`` (the rule's keyword options, e.g. rate_park's ``relaxation``).

Bodies are read and validated here, not by FastAPI, so a bad one is the library's own `InputError` (field, unit,
clause), and the OpenAPI document still describes each body exactly (`request_model`).
"""

from __future__ import annotations

import inspect
import json
import logging
import typing
from datetime import date
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema, create_model

from ..errors import InputError, Problem
from ..lang import say
from ..rules import Rule
from .errors import ApiError

__all__ = [
    "Envelope",
    "Overrides",
    "TargetsRequest",
    "evaluate",
    "options_model",
    "parse_json",
    "request_model",
    "validate",
]

log = logging.getLogger("zjpolicy.api")
_STRICT = ConfigDict(extra="forbid")


def _text(v: Any) -> Any:
    return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v


Overrides = dict[
    str, Annotated[str, BeforeValidator(_text), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]})]
]
AS_OF = "the date the law is applied as of, YYYY-MM-DD (default: today)"
OVERRIDES = "what-if: parameter or reading id -> value (e.g. go.10.3.green_channel.max_intensity: '0.50')"


class Envelope(BaseModel):
    """What every rule request holds; ``inputs`` is checked by the rule's own input model."""

    model_config = _STRICT
    inputs: dict[str, Any] = Field(description="the rule's input (its input model, see /schemas/<rule id>)")
    as_of: date | None = Field(None, description=AS_OF)
    overrides: Overrides | None = Field(None, description=OVERRIDES)
    options: dict[str, Any] | None = Field(None, description="the rule's keyword options, if it has any")


class TargetsRequest(BaseModel):
    """``POST /targets``: one year's statistics against every target clause (`zjpolicy.targets.assess_targets`)."""

    model_config = _STRICT
    statistics: dict[str, Any] = Field(
        description="{indicators: {indicator or clause id: {year: value}}, baselines: …} as the bundled example"
    )
    year: int = Field(ge=1, le=9999, description="the statistical year assessed")
    as_of: date | None = Field(None, description="the date the law is applied as of (default: 31 December of year)")
    overrides: Overrides | None = Field(None, description=OVERRIDES)
    clauses: list[str] | None = Field(None, description="only these target clauses (default: all)")


def validate(model: type[BaseModel], data: Any, *, prefix: str = "") -> Any:
    """`data` as `model`; every problem is the library's `InputError` (field, unit, clause).

    Validation reads nothing but the input, so any other exception a validator lets through is a problem of the
    input too (`zjpolicy.exact.to_fraction` raises TypeError on a list; pint's tokenizer a TokenError on "5 ("),
    which pydantic does not turn into a validation error: it is reported as a problem of the top-level field that
    causes it, and logged, so the library's validator can be fixed.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:  # the library's problems, one per field
        raise InputError.from_validation_error(exc, prefix=prefix) from None
    except Exception as exc:
        field = _culprit(model, data) if isinstance(data, dict) else None
        name = ".".join(p for p in (prefix, field) if p) or "input"
        log.warning(
            "zjpolicy: %s validation let %s through (field %s): %s", model.__name__, type(exc).__name__, name, exc
        )
        raise InputError(
            Problem(field=name, message=say("api.not_a_valid_value", kind=type(exc).__name__, why=exc))
        ) from None


def _culprit(model: type[BaseModel], data: dict[str, Any]) -> str | None:
    """The top-level field whose value makes validation fail other than by a validation error (each left out in
    turn)."""
    for key in data:
        try:
            model.model_validate({k: v for k, v in data.items() if k != key})
        except ValidationError:
            return str(key)
        except Exception:
            continue
        return str(key)
    return None


def parse_json(body: bytes, model: type[BaseModel]) -> Any:
    """The body as `model`; not JSON, not an object or a bad field is an `InputError` (a 422)."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "invalid_input", Problem(field="body", message=say("api.not_json", why=exc))) from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_input", Problem(field="body", message=say("api.expected_object")))
    return validate(model, data)


def _model_of(annotation: Any) -> Any:
    """`RelaxationPolicy | dict[str, Any] | None` -> RelaxationPolicy: the option's model, for a precise schema."""
    args = typing.get_args(annotation)
    models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
    return models[0] if len(models) == 1 else annotation


@cache
def options_model(rule: Rule[Any, Any]) -> type[BaseModel]:
    """The rule's keyword options (after ``ctx``) as a model; a rule with none accepts none."""
    hints = typing.get_type_hints(rule.fn)
    fields: dict[str, Any] = {}
    for p in inspect.signature(rule.fn).parameters.values():
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            fields[p.name] = (_model_of(hints.get(p.name, Any)) | None, None)
    name = "".join(w.capitalize() for w in rule.id.replace(".", "_").split("_")) + "Options"
    return create_model(name, __config__=_STRICT, __doc__=f"keyword options of {rule.id}", **fields)


_REQUESTS: dict[tuple[type[BaseModel], type[BaseModel]], type[BaseModel]] = {}


def request_model(input_model: type[BaseModel], options: type[BaseModel]) -> type[BaseModel]:
    """The documented body of a rule request: `Envelope` with the rule's own input and options models (one model
    per pair, so a component is found by its model)."""
    key = (input_model, options)
    if key not in _REQUESTS:
        _REQUESTS[key] = _request_model(input_model, options)
    return _REQUESTS[key]


def _request_model(input_model: type[BaseModel], options: type[BaseModel]) -> type[BaseModel]:
    has_options = bool(options.model_fields)
    fields: dict[str, Any] = {
        "inputs": (input_model, Field(description=f"the rule's input: {input_model.__name__}")),
        "as_of": (date | None, Field(None, description=AS_OF)),
        "overrides": (Overrides | None, Field(None, description=OVERRIDES)),
    }
    if has_options:
        fields["options"] = (options | None, Field(None, description="the rule's keyword options"))
    name = input_model.__name__ + (
        "Request" if not has_options else options.__name__.removesuffix("Options") + "Request"
    )
    return create_model(
        name, __config__=_STRICT, __doc__=f"a request to a rule whose input is {input_model.__name__}", **fields
    )


def evaluate(rule: Rule[Any, Any], body: bytes) -> Any:
    """Run `rule` on a request body (an `Envelope`); every bad input raises the library's error."""
    env = parse_json(body, Envelope)
    inputs = validate(rule.input_model, env.inputs)
    opts = validate(options_model(rule), env.options or {}, prefix="options")
    kw = {k: v for k, v in opts if v is not None}
    return rule(inputs, as_of=env.as_of or date.today(), overrides=env.overrides or None, **kw)
