"""The staff page's table upload (``/staff/upload``) and replay of a downloaded decision (``/staff/replay``)."""

from datetime import date
from html import escape
from typing import Any

from fastapi import FastAPI, Request  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.concurrency import run_in_threadpool  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.datastructures import UploadFile  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.responses import HTMLResponse, Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from ..catalogue import get_rule
from ..errors import InputError, Problem
from .errors import classify
from .examples import rule_example
from .meta import html_response as _html
from .render import document, park_result, problems_html, rule_result
from .routes import replay_outcome
from .settings import Settings
from .tables import KINDS, parse_as_of, parse_overrides, read_upload, records, run_table, table_digest

__all__ = ["add_replay_page", "add_upload_page"]


def _upload_form(values: dict[str, str]) -> str:
    kinds = "".join(
        f'<option value="{k}"{" selected" if values.get("kind") == k else ""}>{escape(v.title)}</option>'
        for k, v in KINDS.items()
        if v.rule is not None
    )
    return (
        '<form class="card" method="post" action="/staff/upload" enctype="multipart/form-data" id="upload-form">'
        '<div class="grid"><div><label for="f-file">表格（CSV、Parquet、Excel、JSON Lines）</label>'
        '<input type="file" name="file" id="f-file" accept=".csv,.parquet,.pq,.xlsx,.jsonl,.json"></div>'
        f'<div><label for="f-kind">内容</label><select name="kind" id="f-kind">{kinds}</select></div>'
        f'<div><label for="f-as_of">评价日期</label><input type="date" name="as_of" id="f-as_of" value="{escape(values.get("as_of", ""))}"></div>'
        '<div><label for="f-overrides">假设（每行 id=值）</label><textarea name="overrides" id="f-overrides">'
        f"{escape(values.get('overrides', ''))}</textarea></div></div>"
        '<p><small class="hint">列名即规则输入的字段名，嵌套字段写作 <code>字段.子字段</code>（如 '
        "<code>energy_per_value_added.value</code>）。坏行不会丢失，列在下方。</small></p>"
        '<p><button type="submit" id="upload-submit">上传并评价</button></p></form>'
    )


NAMES = ("name", "park", "territory", "locality", "year")  # input columns that name a row


def _table_html(frame: Any, limit: int, inputs: Any, rule_id: str) -> str:
    """The verdicts of the first `limit` rows, after the input columns that name each row (its name, or the
    columns the rule does not read, such as 项目)."""
    fields = get_rule(rule_id).input_model.model_fields
    named = [c for c in inputs.columns if str(c) in NAMES or str(c).partition(".")[0] not in fields][:3]
    import pandas as pd

    left = inputs[named].head(limit)
    left = left.rename(columns={c: f"{c}_input" for c in left.columns if c in frame.columns})
    shown = pd.concat([left, frame.head(limit)], axis=1)
    cols = [c for c in shown.columns if "@" not in str(c)]
    head = "".join(f"<th>{escape(str(c))}</th>" for c in ["行", *cols])
    rows = []
    for label, rec in zip(shown.index, records(shown[cols]), strict=True):
        cells = []
        for c in cols:
            v = rec.get(str(c))
            if isinstance(v, bool):
                cells.append(f'<td class="{"ok" if v else "no"}">{"✓" if v else "✗"}</td>')
            elif v is None:
                cells.append('<td class="na">—</td>')
            elif isinstance(v, float):
                cells.append(f"<td>{v:.4g}</td>")
            else:
                cells.append(f"<td>{escape(str(v))}</td>")
        rows.append(f"<tr><td>{escape(str(label))}</td>{''.join(cells)}</tr>")
    more = f"<p>仅显示前 {limit} 行（共 {len(frame)} 行）。</p>" if len(frame) > limit else ""
    return f'<table id="batch"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'


def add_upload_page(app: FastAPI, settings: Settings, digest: str, html_out: dict[str, Any]) -> None:
    title = "上传表格"

    async def upload_page() -> Response:
        return _html(document(title, _upload_form({}), digest=digest, active="/staff/upload"), digest)

    async def upload(request: Request) -> Response:
        raw = await request.form()
        values = {k: v for k, v in raw.items() if isinstance(v, str)}
        file = raw.get("file")
        try:
            kind = values.get("kind", "rate-parks")
            if kind not in KINDS or KINDS[kind].rule is None:
                raise _problem("kind", f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
            if not isinstance(file, UploadFile) or not file.filename:
                raise _problem("file", "choose a file to upload")
            frame = read_upload(file.filename, await file.read(), settings)
            on, what_if = parse_as_of(values.get("as_of")), parse_overrides(values.get("overrides"))
            result = await run_in_threadpool(run_table, kind, frame, as_of=on, overrides=what_if, year=None)
        except Exception as exc:
            found = classify(exc)
            if found is None:
                raise
            status, _, problems = found
            body = problems_html(problems, settings.docs_url) + _upload_form(values)
            return _html(document(title, body, digest=digest, active="/staff/upload"), digest, status)
        d = table_digest(result, what_if)
        summary = "；".join(f"{escape(str(k))}：{int(v)}" for k, v in result.labelled_summary().items())
        errors = ""
        if len(result.errors):
            rows = "".join(
                f"<tr><td>{escape(str(e['index']))}</td><td><code>{escape(str(e['field']))}</code></td><td>{escape(str(e['reason']))}</td></tr>"
                for e in records(result.errors.head(settings.rows_shown))
            )
            errors = f'<h3>坏行</h3><table id="batch-errors"><thead><tr><th>行</th><th>字段</th><th>问题</th></tr></thead><tbody>{rows}</tbody></table>'
        body = (
            f'<section id="result"><p class="verdict" id="summary">{len(frame)} 行：{summary}</p>'
            f"{_table_html(result.frame, settings.rows_shown, frame, KINDS[kind].rule or '')}{errors}"
            f"<p><small>规则 <code>{escape(result.audit['rule'])}</code> v{escape(result.audit['rule_version'])} · 参数摘要 <code>{escape(d)}</code></small></p></section>"
            + _upload_form(values)
        )
        return _html(document(title, body, digest=d, active="/staff/upload"), d)

    multipart = {
        "schema": {
            "type": "object",
            "properties": {
                "file": {"type": "string", "format": "binary"},
                "kind": {"type": "string"},
                "as_of": {"type": "string"},
                "overrides": {"type": "string"},
            },
        }
    }
    example = {
        "file": "energy_use,value_added,new_project,dual_control\n5200 tce,1.2 亿元,true,on-track\n",
        "kind": "green-channel",
        "as_of": "2024-01-01",
    }
    extra = {
        "requestBody": {"required": True, "content": {"multipart/form-data": multipart | {"example": example}}}
    } | html_out
    app.add_api_route(
        "/staff/upload",
        upload_page,
        methods=["GET"],
        tags=["staff"],
        summary="staff page: upload a table",
        operation_id="staff_upload_page",
        response_class=HTMLResponse,
        openapi_extra=html_out,
    )
    app.add_api_route(
        "/staff/upload",
        upload,
        methods=["POST"],
        tags=["staff"],
        summary="staff page: upload a table (form)",
        operation_id="staff_upload",
        response_class=HTMLResponse,
        openapi_extra=extra,
    )


def _problem(field: str, message: str) -> Exception:
    return InputError(Problem(field=field, message=message))


def _replay_form() -> str:
    return (
        '<form class="card" method="post" action="/staff/replay" enctype="multipart/form-data" id="replay-form">'
        '<div class="grid"><div><label for="f-file">保存的决定（JSON 文件）</label>'
        '<input type="file" name="file" id="f-file" accept=".json,application/json"></div>'
        '<div><label for="f-stored">或粘贴 JSON</label><textarea name="stored" id="f-stored"></textarea></div></div>'
        '<p><button type="submit" id="replay-submit">重放</button></p></form>'
    )


def add_replay_page(app: FastAPI, settings: Settings, digest: str, html_out: dict[str, Any]) -> None:
    title = "重放决定"

    async def replay_page() -> Response:
        return _html(document(title, _replay_form(), digest=digest, active="/staff/replay"), digest)

    async def replay(request: Request) -> Response:
        raw = await request.form()
        file, pasted = raw.get("file"), raw.get("stored")
        try:
            if isinstance(file, UploadFile) and file.filename:
                data = await file.read()
            elif isinstance(pasted, str) and pasted.strip():
                data = pasted.encode()
            else:
                raise _problem("file", "choose a stored decision (JSON) or paste it")
            stands, diffs, fresh = replay_outcome(data)
        except Exception as exc:
            found = classify(exc)
            if found is None:
                raise
            status, _, problems = found
            body = problems_html(problems, settings.docs_url) + _replay_form()
            return _html(document(title, body, digest=digest, active="/staff/replay"), digest, status)
        if stands:
            verdict = '<p class="verdict" id="stands" data-stands="true">✓ 该决定仍然成立：规则版本、参数摘要与结论均相同。</p>'
        else:
            rows = "".join(
                f"<tr><td><code>{escape(k)}</code></td><td><code>{escape(str(v['stored']))}</code></td><td><code>{escape(str(v['now']))}</code></td></tr>"
                for k, v in diffs.items()
            )
            verdict = (
                '<p class="verdict" id="stands" data-stands="false">✗ 该决定已不成立：</p>'
                f'<table id="differences"><thead><tr><th>项目</th><th>保存时</th><th>现在</th></tr></thead><tbody>{rows}</tbody></table>'
            )
        docs = settings.docs_url
        shown = (
            park_result(fresh, docs)
            if fresh.rule == "rubric.rate_park"
            else rule_result(fresh, docs, fresh.outcome, None)
        )
        body = f'<section class="{"okbox" if stands else "errors"}">{verdict}<p>规则 <code>{escape(fresh.rule)}</code> v{escape(fresh.rule_version)}，评价日期 {fresh.as_of}</p></section>'
        body += "<h2>重新计算的结果</h2>" + shown + _replay_form()
        return _html(
            document(title, body, digest=fresh.parameters_digest, active="/staff/replay"), fresh.parameters_digest
        )

    multipart = {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}, "stored": {"type": "string"}},
        }
    }
    ex = rule_example("land_energy.plot_ratio")
    stored = get_rule("land_energy.plot_ratio")(ex["inputs"], as_of=date.fromisoformat(ex["as_of"])).model_dump_json()
    extra = {
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": multipart | {"example": {"stored": stored}}},
        }
    } | html_out
    app.add_api_route(
        "/staff/replay",
        replay_page,
        methods=["GET"],
        tags=["staff"],
        summary="staff page: replay a decision",
        operation_id="staff_replay_page",
        response_class=HTMLResponse,
        openapi_extra=html_out,
    )
    app.add_api_route(
        "/staff/replay",
        replay,
        methods=["POST"],
        tags=["staff"],
        summary="staff page: replay a decision (form)",
        operation_id="staff_replay",
        response_class=HTMLResponse,
        openapi_extra=extra,
    )
