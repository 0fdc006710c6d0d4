"""The JSON API: every rule of the catalogue, the named routes, targets and replay. (The clauses, parameters, schemas
and health check: `inventory`; table uploads: `tables`; the staff page: `page`.)

A rule route reads its body itself (`requests.evaluate`), so a bad body is the library's own 422, and documents
it with the rule's models (`openapi`). Rules run in the event loop (they take milliseconds); the targets, which
take longer, in a worker thread.
"""

import json
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import FastAPI, Path, Request  # type: ignore[import-not-found, unused-ignore]  # extra: api
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.responses import Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from ..audit import ReplayMismatch, replay
from ..catalogue import all_rules, get_rule
from ..errors import InputError, Problem, ZjpolicyError
from ..lang import say
from ..rulebook import default_rulebook
from ..rules import Rule
from .examples import rule_examples, targets_example
from .inventory import add_inventory, register_inventory_models, rule_path
from .links import clause_url
from .meta import json_response, result_response, rulebook_digest
from .openapi import ErrorOut, Schemas, body, envelope, responses
from .requests import TargetsRequest, evaluate, options_model, parse_json, request_model
from .settings import Settings

__all__ = ["NAMED", "add_routes", "register_models", "rule_path"]

# friendly routes for the main rules: path -> (rule id, summary)
NAMED = {
    "/rate-park": ("rubric.rate_park", "示范园区星级评价 (rate a park: stars, the table, gaps, veto)"),
    "/green-channel": ("land_energy.green_channel", "节能审查绿色通道 (energy-review green channel)"),
    "/land-share": ("land_energy.industrial_land_share", "工业用地比例不低于30% (industrial land share)"),
    "/plot-ratio": ("land_energy.plot_ratio", "园区综合容积率 (park plot ratio)"),
}
TAGS = [
    {"name": "rules", "description": "every rule of the catalogue: POST /rules/<rule id>"},
    {"name": "named", "description": "friendly routes for the main rules"},
    {"name": "targets", "description": "one year's statistics against every target clause"},
    {"name": "batch", "description": "a whole table (CSV, Parquet, JSON Lines …) through a rule"},
    {"name": "rulebook", "description": "clauses, parameters in force on a date, input schemas"},
    {"name": "audit", "description": "replay a stored decision"},
    {"name": "service", "description": "health"},
    {"name": "staff", "description": "the staff page (HTML forms)"},
]
ERRORS = (404, 413, 422)


def _operation_id(rule_id: str) -> str:
    return "rule_" + rule_id.replace(".", "_")


def register_models(schemas: Schemas) -> None:
    """Every model the JSON API documents (request bodies, results, response bodies)."""
    schemas.add(ErrorOut, "serialization")
    for r in all_rules().values():
        schemas.add(request_model(r.input_model, options_model(r)))
        schemas.add(_result_envelope(r.result_model), "serialization")
    schemas.add(TargetsRequest)
    schemas.add(_targets_envelope(), "serialization")
    schemas.add(_replay_envelope(), "serialization")
    register_inventory_models(schemas)


_ENVELOPES: dict[type[BaseModel], type[BaseModel]] = {}


def _result_envelope(result_model: type[BaseModel]) -> type[BaseModel]:
    """The response body of a rule with this result model (one model per result model: a component)."""
    if result_model not in _ENVELOPES:
        _ENVELOPES[result_model] = _make_envelope(result_model)
    return _ENVELOPES[result_model]


def _make_envelope(result_model: type[BaseModel]) -> type[BaseModel]:
    return envelope(
        result_model.__name__ + "Response",
        clause_urls=(dict[str, str], Field(description="each cited clause's page on the docs site")),
        result=(result_model, Field(description="the explained, replayable result (store it; POST it to /replay)")),
    )


@cache
def _targets_envelope() -> type[BaseModel]:
    from ..targets import TargetsReport

    return envelope("TargetsResponse", report=(TargetsReport, ...))


@cache
def _replay_envelope() -> type[BaseModel]:
    return envelope("ReplayResponse", **_replay_fields())


def _replay_fields() -> dict[str, Any]:
    from ..results import RuleResult

    return {
        "stands": (bool, Field(description="the stored decision still stands (same version, digest and decision)")),
        "differences": (dict[str, dict[str, Any]], Field(description="what differs: {stored, now}")),
        "result": (RuleResult, Field(description="the fresh result")),
    }


# --------------------------------------------------------------------------- handlers


def _clause_urls(docs_url: str, result: Any) -> dict[str, str]:
    return {c.clause: clause_url(docs_url, c.clause) for c in result.citations}


def _rule_handler(rule: Rule[Any, Any], settings: Settings) -> Any:
    async def run_rule(request: Request) -> Response:
        result = evaluate(rule, await request.body())
        extra = {"clause_urls": _clause_urls(settings.docs_url, result)}
        return result_response(result, digest=result.parameters_digest, extra=extra)

    return run_rule


def add_routes(app: FastAPI, schemas: Schemas, settings: Settings) -> None:
    """Mount the JSON API on `app` (after `register_models` and `schemas.build()`)."""
    err = schemas.ref(ErrorOut, "serialization")
    examples = rule_examples()
    rules = all_rules()
    for path, (rid, summary) in NAMED.items():
        _add_rule(app, rules[rid], schemas, settings, err, examples[rid], path=path, summary=summary, tag="named")
    for rid, r in rules.items():
        _add_rule(app, r, schemas, settings, err, examples[rid], path=rule_path(rid), summary=rid, tag="rules")
    _add_fallback(app, err, examples)
    _add_targets(app, schemas, err)
    add_inventory(app, schemas, settings, err)
    _add_replay(app, schemas, settings, err)


def _add_rule(
    app: FastAPI,
    r: Rule[Any, Any],
    schemas: Schemas,
    settings: Settings,
    err: dict[str, Any],
    example: dict[str, Any],
    *,
    path: str,
    summary: str,
    tag: str,
) -> None:
    req = schemas.ref(request_model(r.input_model, options_model(r)))
    ok = schemas.ref(_result_envelope(r.result_model), "serialization")
    doc = (r.fn.__doc__ or "").strip().split("\n\n")[0]
    extra = body(req, example, description=f"inputs: {r.input_model.__name__}") | responses(ok, err, *ERRORS)
    op = _operation_id(r.id) if tag == "rules" else path.strip("/").replace("-", "_")
    app.add_api_route(
        path,
        _rule_handler(r, settings),
        methods=["POST"],
        tags=[tag],
        summary=summary,
        description=f"`{r.id}` v{r.version}, clauses {', '.join(r.clauses)}.\n\n{doc}",
        operation_id=op,
        openapi_extra=extra,
        response_class=Response,
    )


def _add_fallback(app: FastAPI, err: dict[str, Any], examples: dict[str, Any]) -> None:
    sample = "land_energy.plot_ratio"

    async def unknown_rule(
        request: Request,
        rule_id: Annotated[str, Path(description="a rule id", openapi_examples={"plot_ratio": {"value": sample}})],
    ) -> Response:
        from .requests import evaluate as run

        r = get_rule(rule_id)  # an unknown id: 404, naming the ids it may have meant
        result = run(r, await request.body())
        return result_response(result, digest=result.parameters_digest)

    extra = {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}, "example": examples[sample]}},
        }
    } | responses({"type": "object"}, err, *ERRORS)
    app.add_api_route(
        "/rules/{rule_id}",
        unknown_rule,
        methods=["POST"],
        tags=["rules"],
        summary="any rule by id (an unknown id is a 404 naming the close ones)",
        operation_id="rule_by_id",
        openapi_extra=extra,
        response_class=Response,
    )


def _add_targets(app: FastAPI, schemas: Schemas, err: dict[str, Any]) -> None:
    from ..targets import assess_targets

    async def targets(request: Request) -> Response:
        req: TargetsRequest = parse_json(await request.body(), TargetsRequest)
        rb = default_rulebook().with_overrides(req.overrides) if req.overrides else default_rulebook()

        def run() -> Any:
            try:
                return assess_targets(req.statistics, year=req.year, as_of=req.as_of, rulebook=rb, clauses=req.clauses)
            except TypeError as exc:  # a value that is not a number (zjpolicy.exact.to_fraction raises TypeError)
                raise InputError(Problem(field="statistics", message=str(exc))) from None

        report = await run_in_threadpool(run)
        return json_response({"report": json.loads(report.model_dump_json())}, digest=rulebook_digest(rb))

    ok = schemas.ref(_targets_envelope(), "serialization")
    extra = body(schemas.ref(TargetsRequest), targets_example()) | responses(ok, err, *ERRORS)
    app.add_api_route(
        "/targets",
        targets,
        methods=["POST"],
        tags=["targets"],
        summary="assess one year's statistics against every target clause (zjpolicy.targets.assess_targets)",
        operation_id="assess_targets",
        openapi_extra=extra,
        response_class=Response,
    )


def _add_replay(app: FastAPI, schemas: Schemas, settings: Settings, err: dict[str, Any]) -> None:
    async def replay_decision(request: Request) -> Response:
        return replay_response(await request.body(), settings)

    sample = rule_examples()["land_energy.plot_ratio"]
    r = get_rule("land_energy.plot_ratio")
    stored = json.loads(r(sample["inputs"], as_of=date.fromisoformat(sample["as_of"])).model_dump_json())
    ok = schemas.ref(_replay_envelope(), "serialization")
    extra = {
        "requestBody": {
            "required": True,
            "description": "a stored result (the `result` of a rule response), or that whole response",
            "content": {"application/json": {"schema": {"type": "object"}, "example": stored}},
        }
    } | responses(ok, err, *ERRORS)
    app.add_api_route(
        "/replay",
        replay_decision,
        methods=["POST"],
        tags=["audit"],
        summary="replay a stored decision: does it still stand? (zjpolicy.replay)",
        operation_id="replay",
        openapi_extra=extra,
        response_class=Response,
    )


def stored_decision(raw: bytes) -> dict[str, Any]:
    """A stored result from a body: the result itself, or a whole rule response (its ``result``)."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(field="stored", message=say("api.not_json", why=exc))) from None
    if isinstance(data, dict) and "rule" not in data and isinstance(data.get("result"), dict):
        data = data["result"]
    if not isinstance(data, dict):
        raise InputError(Problem(field="stored", message=say("api.not_stored_result")))
    return data


class StoredDecision(BaseModel):
    """What a stored result must hold to be replayed (the rest is compared, not read)."""

    model_config = ConfigDict(extra="allow")
    rule: str
    as_of: date
    inputs: dict[str, Any]
    overrides: dict[str, str] | None = None
    options: dict[str, Any] | None = None


def replay_outcome(raw: bytes) -> tuple[bool, dict[str, dict[str, Any]], Any]:
    """(stands, differences, fresh result) of replaying a stored decision."""
    data = stored_decision(raw)
    try:
        StoredDecision.model_validate(data)
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="stored") from None
    try:
        return True, {}, replay(data)
    except ReplayMismatch as exc:
        diffs = {k: {"stored": a, "now": b} for k, (a, b) in exc.differences.items()}
        return False, diffs, exc.fresh
    except ZjpolicyError:
        raise
    except (TypeError, ValueError) as exc:  # options the rule does not take, a value its options cannot hold
        raise InputError(Problem(field="stored.options", message=str(exc))) from None


def replay_response(raw: bytes, settings: Settings) -> Response:
    stands, diffs, fresh = replay_outcome(raw)
    extra = {"stands": stands, "differences": diffs, "clause_urls": _clause_urls(settings.docs_url, fresh)}
    return result_response(fresh, digest=fresh.parameters_digest, extra=extra)
