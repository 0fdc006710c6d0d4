"""The page for policy staff: fill in a park (or a project, or a year's land), see the answer with its reasons.

Server-rendered Chinese HTML; every form posts without JavaScript and the answer comes back with the form still
filled. ``/`` rates a park (the star table, gaps, veto, readings, clauses); ``/staff/green-channel`` and
``/staff/land-share`` check a project and a year; ``/staff/upload`` runs a whole table; ``/staff/replay`` replays a
downloaded decision. Bad input re-shows the form with each problem (field, unit, clause) and the field marked.
"""

from datetime import date
from typing import Any

from fastapi import FastAPI, Query, Request  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.responses import HTMLResponse, Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from ..catalogue import get_rule
from ..errors import Problem
from ..lang import say
from ..rubric import example_names
from .errors import classify
from .examples import PARK_AS_OF, example_park_data, rule_example
from .forms import GREEN_FORM, LAND_FORM, PARK_FORM, Form, form_inputs, form_values
from .meta import html_response as _html
from .meta import rulebook_digest
from .page_files import add_replay_page, add_upload_page
from .render import decision_links, document, form_html, num, park_result, problems_html, rule_result
from .settings import Settings
from .tables import parse_as_of, parse_overrides

__all__ = ["add_page"]

HTML = "text/html"


def _form_schema(form: Form, example: dict[str, str]) -> dict[str, Any]:
    names = [i.name for i in form.inputs()] + [rid for rid, _, _ in form.readings] + ["as_of", "overrides"]
    schema = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
    content = {"application/x-www-form-urlencoded": {"schema": schema, "example": example}}
    return {"requestBody": {"required": True, "content": content}}


def _html_responses() -> dict[str, Any]:
    page = {"content": {HTML: {"schema": {"type": "string"}}}}
    problems = {"description": "the form, with the problems"} | page
    malformed = {
        "description": "a body that is not a form",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    return {
        "responses": {
            "200": {"description": "the page"} | page,
            "400": malformed,
            "404": problems,
            "413": problems,
            "422": problems,
        }
    }


def _example_values(form: Form) -> dict[str, str]:
    ex = rule_example(form.rule)
    return form_values(form, ex["inputs"]) | {"as_of": ex["as_of"]}


def _render(form: Form, settings: Settings, values: dict[str, str], result: Any = None, problems: Any = None) -> str:
    problems = problems or []
    body = form_html(
        form,
        values,
        problems,
        as_of=values.get("as_of", ""),
        overrides=values.get("overrides", ""),
        example_link=f"{form.action}?example=1" if form is not PARK_FORM else "/?example=example-park",
    )
    if form is PARK_FORM:
        body += '<p>多个园区？<a href="/staff/upload">上传表格</a>（CSV、Parquet、Excel，每行一个园区）。</p>'
    if problems:
        labels = {i.name: i.label for i in form.inputs()}
        body = problems_html(problems, settings.docs_url, labels) + body
    if result is not None:
        docs = settings.docs_url
        if form is PARK_FORM:
            shown = park_result(result, docs)
        elif form is GREEN_FORM:
            shown = rule_result(
                result, docs, "可走节能审查绿色通道" if result.eligible else "不符合绿色通道条件", result.eligible
            )
        else:
            verdict = (
                f"工业用地比例 {num(result.share, 'percent')}（按{'宗数' if result.measure == 'parcels' else '面积'}）"
            )
            shown = rule_result(result, docs, verdict + ("，达到要求" if result.meets else "，未达要求"), result.meets)
        body = shown + decision_links(result) + body
    return body


async def _evaluate(form: Form, request: Request, settings: Settings) -> Response:
    raw = await request.form()
    return _evaluate_values(form, {k: v for k, v in raw.items() if isinstance(v, str)}, settings)


def _evaluate_values(form: Form, values: dict[str, str], settings: Settings) -> Response:
    active = form.action if form is not PARK_FORM else "/"
    try:
        inputs, readings = form_inputs(form, values)
        overrides = {**(parse_overrides(values.get("overrides")) or {}), **readings}
        on = parse_as_of(values.get("as_of")) or date.today()
        result = get_rule(form.rule)(inputs, as_of=on, overrides=overrides or None)
    except Exception as exc:
        found = classify(exc)
        if found is None:
            raise
        status, _, problems = found
        body = _render(form, settings, values, problems=problems)
        return _html(document(form.title, body, digest=rulebook_digest(), active=active), rulebook_digest(), status)
    page = document(form.title, _render(form, settings, values, result), digest=result.parameters_digest, active=active)
    return _html(page, result.parameters_digest)


def add_page(app: FastAPI, settings: Settings) -> None:
    """Mount the staff page on `app`."""
    digest = rulebook_digest()

    def show(form: Form, values: dict[str, str], active: str) -> Response:
        return _html(document(form.title, _render(form, settings, values), digest=digest, active=active), digest)

    async def park_page(
        example: str | None = Query(
            None,
            description="fill the form with a bundled example park (example-park, vetoed-park)",
            openapi_examples={"park": {"value": "example-park"}},
        ),
    ) -> Response:
        values: dict[str, str] = {}
        if example:
            names = example_names()  # only the bundled examples: the name is never a path
            if example not in names:
                problem = Problem(
                    field="example", message=say("api.no_example", example=repr(example), choices=", ".join(names))
                )
                body = problems_html([problem], settings.docs_url) + _render(PARK_FORM, settings, {})
                return _html(document(PARK_FORM.title, body, digest=digest), digest, 404)
            values = form_values(PARK_FORM, example_park_data(example)) | {"as_of": PARK_AS_OF}
        return show(PARK_FORM, values, "/")

    def form_page(form: Form) -> Any:
        async def page(
            example: str | None = Query(
                None, description="fill the form with the example", openapi_examples={"yes": {"value": "1"}}
            ),
        ) -> Response:
            return show(form, _example_values(form) if example else {}, form.action)

        page.__name__ = "page_" + form.action.rsplit("/", 1)[-1].replace("-", "_")
        return page

    def form_post(form: Form) -> Any:
        async def post(request: Request) -> Response:
            return await _evaluate(form, request, settings)

        post.__name__ = "post_" + form.action.rsplit("/", 1)[-1].replace("-", "_")
        return post

    async def park_query(request: Request) -> Response:
        """The park form submitted as a query string (a GET form: the answer has an address of its own)."""
        values = {k: v for k, v in request.query_params.items() if v}
        return _evaluate_values(PARK_FORM, values, settings) if values else show(PARK_FORM, {}, "/")

    html_out = _html_responses()
    query = [
        {"name": k, "in": "query", "required": False, "schema": {"type": "string"}, "example": v}
        for k, v in _example_values(PARK_FORM).items()
    ]
    app.add_api_route(
        "/staff/park",
        park_query,
        methods=["GET"],
        tags=["staff"],
        summary="staff page: rate a park from a query string (no JavaScript, no POST)",
        operation_id="staff_park_query",
        response_class=HTMLResponse,
        openapi_extra={"parameters": query} | html_out,
    )
    app.add_api_route(
        "/",
        park_page,
        methods=["GET"],
        tags=["staff"],
        summary="the staff page: rate a park",
        operation_id="staff_index",
        response_class=HTMLResponse,
        openapi_extra=html_out,
    )
    for form in (PARK_FORM, GREEN_FORM, LAND_FORM):
        if form is not PARK_FORM:
            get = form_page(form)
            app.add_api_route(
                form.action,
                get,
                methods=["GET"],
                tags=["staff"],
                summary=f"staff page: {form.title}",
                operation_id=get.__name__,
                response_class=HTMLResponse,
                openapi_extra=html_out,
            )
        post = form_post(form)
        extra = _form_schema(form, _example_values(form)) | html_out
        app.add_api_route(
            form.action,
            post,
            methods=["POST"],
            tags=["staff"],
            summary=f"staff page: {form.title} (form)",
            operation_id=post.__name__,
            response_class=HTMLResponse,
            openapi_extra=extra,
        )
    add_upload_page(app, settings, digest, html_out)
    add_replay_page(app, settings, digest, html_out)
