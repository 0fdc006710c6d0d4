"""The rulebook's inventory over HTTP: the rules, the clauses (traceability matrix), the parameters in force on a
date, input schemas, example requests and the health check. Every answer carries the version and a digest."""

from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query  # type: ignore[import-not-found, unused-ignore]  # extra: api
from pydantic import BaseModel, Field
from starlette.responses import Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from ..catalogue import all_rules, get_rule
from ..errors import UnknownIdError
from ..rulebook import default_rulebook
from ..traceability import matrix
from .examples import PARK_AS_OF, rule_examples
from .links import clause_url, reading_url
from .meta import json_response, rulebook_digest
from .openapi import Schemas, envelope, responses
from .settings import Settings

__all__ = ["RuleInfo", "add_inventory", "listing_models", "register_inventory_models", "rule_path"]

SAMPLE_DATE = PARK_AS_OF


class RuleInfo(BaseModel):
    id: str
    version: str
    clauses: list[str]
    in_force_from: date
    in_force_until: date | None
    input_model: str
    path: str = Field(description="POST here with {inputs, as_of, overrides, options}")
    schema_path: str = Field(description="the input model's JSON Schema")


def rule_path(rule_id: str) -> str:
    return f"/rules/{rule_id}"


def register_inventory_models(schemas: Schemas) -> None:
    for model in listing_models().values():
        schemas.add(model, "serialization")


@cache
def listing_models() -> dict[str, type[BaseModel]]:
    return {
        "health": envelope("HealthResponse", status=(str, ...), rules=(int, ...)),
        "rules": envelope("RulesResponse", count=(int, ...), rules=(list[RuleInfo], ...)),
        "clauses": envelope("ClausesResponse", count=(int, ...), clauses=(list[dict[str, Any]], ...)),
        "clause": envelope("ClauseResponse", clause=(dict[str, Any], ...)),
        "parameters": envelope(
            "ParametersResponse",
            as_of=(date, ...),
            count=(int, ...),
            parameters=(list[dict[str, Any]], ...),
            readings=(list[dict[str, Any]], ...),
        ),
        "parameter": envelope("ParameterResponse", as_of=(date, ...), parameter=(dict[str, Any], ...)),
        "schemas": envelope("SchemasResponse", schemas=(dict[str, str], ...)),
        "schema": envelope("SchemaResponse", rule=(str, ...), schema_=(dict[str, Any], Field(alias="schema"))),
        "example": envelope("ExampleResponse", rule=(str, ...), request=(dict[str, Any], ...)),
    }


def add_inventory(app: FastAPI, schemas: Schemas, settings: Settings, err: dict[str, Any]) -> None:
    """Mount the GET routes: /healthz, /rules, /clauses, /parameters, /schemas, /examples."""
    models = listing_models()
    ok = {k: schemas.ref(m, "serialization") for k, m in models.items()}
    base = settings.docs_url
    rb = default_rulebook()
    date_q = Query(description="YYYY-MM-DD (default: today)", openapi_examples={"park": {"value": SAMPLE_DATE}})
    doc_q = Query(description="a document key", openapi_examples={"plan": {"value": "demo-park-plan"}})
    clause_q = Query(description="a clause id", openapi_examples={"green": {"value": "go.10.3.green_channel"}})

    def get(path: str, fn: Any, key: str, summary: str, tag: str = "rulebook") -> None:
        app.add_api_route(
            path,
            fn,
            methods=["GET"],
            tags=[tag],
            summary=summary,
            operation_id=fn.__name__,
            openapi_extra=responses(ok[key], err, 404, 422),
            response_class=Response,
        )

    async def healthz() -> Response:
        return json_response({"status": "ok", "rules": len(all_rules())})

    async def rules() -> Response:
        out = []
        for r in all_rules().values():
            start, end = r.in_force()
            info = RuleInfo(
                id=r.id,
                version=r.version,
                clauses=list(r.clauses),
                in_force_from=start,
                in_force_until=end,
                input_model=r.input_model.__name__,
                path=rule_path(r.id),
                schema_path=f"/schemas/{r.id}",
            )
            out.append(info.model_dump(mode="json"))
        return json_response({"count": len(out), "rules": out})

    def clause_json(row: Any) -> dict[str, Any]:
        return row.as_json() | {"url": clause_url(base, row.clause.id)}

    async def clauses(document: Annotated[str | None, doc_q] = None) -> Response:
        if document is not None and document not in rb.documents:
            raise UnknownIdError("document", document, list(rb.documents))
        rows = [clause_json(r) for r in matrix(rb, document=document)]
        return json_response({"count": len(rows), "clauses": rows})

    async def clause(
        clause_id: Annotated[str, Path(openapi_examples={"green": {"value": "go.10.3.green_channel"}})],
    ) -> Response:
        rb.clause(clause_id)  # an unknown id: 404
        row = next(r for r in matrix(rb) if r.clause.id == clause_id)
        return json_response({"clause": clause_json(row)})

    def param_json(p: Any, on: date) -> dict[str, Any]:
        return p.model_dump(mode="json") | {"in_force": p.in_force(on), "clause_url": clause_url(base, p.clause)}

    def in_force(on: date, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        """The parameters in force on `on`, each with its value that day (dated values resolved) and since when."""
        resolve = getattr(rb, "in_force_on", None)  # a rulebook with dated values (revisions) resolves them
        if resolve is None:
            return [param_json(p, on) | {"since": p.effective} for pid in ids if (p := rb.param(pid)).in_force(on)]
        out = []
        for f in resolve(on, ids).values():
            extra = {"since": f.since, "until": f.until, "reference": f.reference}
            out.append(param_json(f.parameter, on) | {k: v for k, v in extra.items() if v is not None})
        return out

    def digest_on(on: date) -> str:
        resolved = getattr(rb, "on", None)
        return rulebook_digest(resolved(on) if callable(resolved) else rb)

    async def parameters(
        as_of: Annotated[date | None, date_q] = None,
        document: Annotated[str | None, doc_q] = None,
        clause: Annotated[str | None, clause_q] = None,
    ) -> Response:
        on = as_of or date.today()
        if document is not None and document not in rb.documents:
            raise UnknownIdError("document", document, list(rb.documents))
        if clause is not None:
            rb.clause(clause)
        ids = tuple(
            pid
            for pid, p in rb.parameters.items()
            if (clause is None or p.clause == clause) and (document is None or rb.clause(p.clause).document == document)
        )
        params = in_force(on, ids)
        readings = [
            {
                "id": r.id,
                "title": r.title,
                "kind": r.kind,
                "value": rb.reading(r.id),
                "choices": r.choices,
                "applies_to": list(r.applies_to),
                "url": reading_url(base, r.id),
            }
            for r in rb.readings.values()
            if (document is None or r.document == document) and (clause is None or clause in r.applies_to)
        ]
        body = {"as_of": on, "count": len(params), "parameters": params, "readings": readings}
        return json_response(body, digest=digest_on(on))

    async def parameter(
        param_id: Annotated[str, Path(openapi_examples={"green": {"value": "go.10.3.green_channel.max_intensity"}})],
        as_of: Annotated[date | None, date_q] = None,
    ) -> Response:
        on = as_of or date.today()
        p = rb.param(param_id)  # an unknown id: 404
        found = in_force(on, (param_id,))
        entry = found[0] if found else param_json(p, on)
        return json_response({"as_of": on, "parameter": entry}, digest=digest_on(on))

    async def schemas_index() -> Response:
        return json_response({"schemas": {rid: f"/schemas/{rid}" for rid in all_rules()}})

    async def input_schema(
        rule_id: Annotated[str, Path(openapi_examples={"park": {"value": "rubric.rate_park"}})],
    ) -> Response:
        r = get_rule(rule_id)
        return json_response({"rule": r.id, "schema": r.input_model.model_json_schema()})

    async def example_request(
        rule_id: Annotated[str, Path(openapi_examples={"park": {"value": "rubric.rate_park"}})],
    ) -> Response:
        r = get_rule(rule_id)  # an unknown id: 404
        return json_response({"rule": r.id, "request": rule_examples()[r.id]})

    get("/healthz", healthz, "health", "health check: version, digest, number of rules", tag="service")
    get("/rules", rules, "rules", "every rule: id, version, clauses, period in force, its route and schema")
    get("/clauses", clauses, "clauses", "the clause inventory (traceability matrix) with each clause's docs page")
    get("/clauses/{clause_id}", clause, "clause", "one clause of the inventory")
    get("/parameters", parameters, "parameters", "the parameters in force on a date (as_of), and the readings")
    get("/parameters/{param_id}", parameter, "parameter", "one parameter, and whether it is in force on as_of")
    get("/schemas", schemas_index, "schemas", "the JSON Schema of every rule's input")
    get("/schemas/{rule_id}", input_schema, "schema", "the JSON Schema of a rule's input model")
    get("/examples/{rule_id}", example_request, "example", "an example request body of a rule (illustrative figures)")
