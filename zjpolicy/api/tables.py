"""Table uploads: ``POST /batch/<kind>`` runs `zjpolicy.batch` over a CSV, Parquet, Excel, JSON Lines or JSON file.

The upload is bounded twice: its bytes (`Settings.upload_limit`, by the guard, before the multipart is parsed) and
its rows (`Settings.row_limit`; a Parquet file's are counted from its footer, before it is read). Bad rows are
collected, never lost: the response lists them (index, field, reason) beside one row of verdicts per input row.
"""

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from http import HTTPStatus
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, UploadFile  # type: ignore[import-not-found, unused-ignore]  # extra: api
from pydantic import Field
from starlette.concurrency import run_in_threadpool  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.responses import Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from ..errors import InputError, Problem, ZjpolicyError
from ..lang import say
from ..rulebook import default_rulebook
from .errors import ApiError
from .meta import headers, json_response, rulebook_digest
from .openapi import ErrorOut, Schemas, envelope, responses
from .settings import Settings

__all__ = ["KINDS", "Kind", "add_tables", "parse_overrides", "read_upload", "register_table_models", "run_table"]

SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".xlsx", ".xlsm", ".jsonl", ".ndjson", ".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Kind:
    """One kind of upload: the batch function, the rule it applies, what a row is."""

    module: str
    function: str
    rule: str | None
    title: str


KINDS = {
    "rate-parks": Kind("parks", "rate_parks", "rubric.rate_park", "园区星级评价（每行一个园区）"),
    "green-channel": Kind("land", "green_channels", "land_energy.green_channel", "节能审查绿色通道（每行一个项目）"),
    "plot-ratio": Kind("land", "plot_ratios", "land_energy.plot_ratio", "园区综合容积率（每行一个园区）"),
    "land-share": Kind(
        "land", "industrial_land_shares", "land_energy.industrial_land_share", "工业用地比例（每行一年）"
    ),
    "targets": Kind("targets", "assess_targets_table", None, "目标评估（列 region, year, indicator, value）"),
}


def register_table_models(schemas: Schemas) -> None:
    schemas.add(_response_model(), "serialization")


@cache
def _response_model() -> Any:
    return envelope(
        "BatchResponse",
        kind=(str, ...),
        rows=(int, Field(description="rows read")),
        audit=(dict[str, Any], Field(description="rule, versions, digest, as_of, overrides, readings: once")),
        summary=(dict[str, int], Field(description="rows per outcome, and rows with errors")),
        results=(list[dict[str, Any]], Field(description="one row of verdicts per input row, in order")),
        errors=(list[dict[str, Any]], Field(description="bad rows: index, field, reason")),
    )


def parse_overrides(text: str | None) -> dict[str, str] | None:
    """Overrides from a form field: a JSON object, or one ``id=value`` per line."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(Problem(field="overrides", message=say("api.overrides_not_object", why=exc))) from None
        if not isinstance(data, dict):
            raise InputError(Problem(field="overrides", message=say("api.overrides_expected")))
        return {str(k): str(v) for k, v in data.items()}
    out = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise InputError(
                Problem(field="overrides", message=say("api.override_line", line=n, text=repr(line.strip())))
            )
        out[key.strip()] = value.strip()
    return out


def parse_as_of(text: str | None, field: str = "as_of") -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem(field=field, message=say("api.bad_date", text=repr(text.strip())))) from None


def read_upload(name: str, data: bytes, settings: Settings) -> Any:
    """The uploaded table as a DataFrame; its format by its name's suffix; too many rows is a 413."""
    from ..batch.cli import read_table

    suffix = Path(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            Problem(
                field="file",
                message=say(
                    "api.unknown_format",
                    suffix=repr(suffix) if suffix else say("api.no_suffix"),
                    choices=", ".join(SUFFIXES),
                ),
            )
        )
    if not data:
        raise InputError(Problem(field="file", message=say("api.empty_file")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        if suffix in (".parquet", ".pq"):
            _parquet_rows(path, name, settings.row_limit)
        try:
            frame = read_table(path)
        except ZjpolicyError as exc:
            raise InputError(Problem(field="file", message=str(exc).replace(str(path), name))) from None
    if len(frame) > settings.row_limit:
        raise _too_many(len(frame), settings.row_limit)
    return frame


def _too_many(n: int, limit: int) -> ApiError:
    msg = say("api.too_many_rows", rows=n, limit=limit)
    return ApiError(413, "too_large", Problem(field="file", message=msg), message=msg)


def _parquet_rows(path: Path, name: str, limit: int) -> None:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

        rows = pq.ParquetFile(path).metadata.num_rows
    except ImportError:
        raise InputError(Problem(field="file", message=say("api.parquet_needs_pyarrow"))) from None
    except Exception as exc:  # pyarrow's ArrowInvalid & co.: not a Parquet file
        raise InputError(Problem(field="file", message=f"{name}: not a valid Parquet file ({exc})")) from None
    if rows > limit:
        raise _too_many(rows, limit)


def run_table(kind: str, frame: Any, *, as_of: date | None, overrides: dict[str, str] | None, year: int | None) -> Any:
    """Run the batch function of `kind` (errors collected): a `BatchResult`, or a `TargetsTable` for targets."""
    k = KINDS[kind]
    fn = getattr(import_module(f"zjpolicy.batch.{k.module}"), k.function)
    if k.rule is None:
        return fn(frame, year=year, as_of=as_of, overrides=overrides, errors="collect")
    _has_inputs(frame, k.rule)
    return fn(frame, as_of=as_of or date.today(), overrides=overrides, errors="collect")


def _has_inputs(frame: Any, rule_id: str) -> None:
    """A table none of whose columns the rule reads is the wrong file, not a table of bad rows."""
    from ..catalogue import get_rule

    fields = get_rule(rule_id).input_model.model_fields
    if len(frame) and not any(str(c).partition(".")[0] in fields for c in frame.columns):
        raise InputError(
            Problem(
                field="file",
                message=f"no column is an input of {rule_id} (expected some of: {', '.join(list(fields)[:8])}…)",
            )
        )


def records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON objects (missing values as null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso", default_handler=str))


def table_digest(result: Any, overrides: dict[str, str] | None) -> str:
    audit = getattr(result, "audit", None)
    if audit is not None:
        return str(audit["parameters_digest"])
    rb = default_rulebook().with_overrides(overrides) if overrides else default_rulebook()
    return rulebook_digest(rb)


def add_tables(app: FastAPI, schemas: Schemas, settings: Settings) -> None:
    ok = schemas.ref(_response_model(), "serialization")
    err = schemas.ref(ErrorOut, "serialization")
    for kind, k in KINDS.items():
        _add_kind(app, kind, k, settings, ok, err)


def _example(kind: str) -> dict[str, Any]:
    csv = {
        "rate-parks": "name,manufacturing_revenue,cnc_rate,machine_networking_rate,industrial_internet_rate,"
        "high_tech_value_added_share,rd_intensity,value_added,tax,land_area,employees,"
        "energy_per_value_added.value,energy_per_value_added.standard,pollutant_per_value_added.below_standard,"
        "zone_level\n示例园区,620 亿元,66.5%,47%,83%,58.2%,2.75%,1850000,480000,12800,59000,0.38,0.45,true,provincial\n",
        "green-channel": "energy_use,value_added,new_project,dual_control\n5200 tce,1.2 亿元,true,on-track\n",
        "plot-ratio": "park,floor_area,land_area\n某园区,1500000 m²,1200 亩\n",
        "land-share": "year,industrial_area,total_area\n2024,52000 亩,9800 公顷\n",
        "targets": "region,year,indicator,value\n某市,2024,go.8.4.mountain_industrial_value_added,2010 亿元\n",
    }[kind]
    out: dict[str, Any] = {"file": csv, "as_of": "2024-12-31" if kind != "rate-parks" else "2024-06-30"}
    if kind == "targets":
        out["year"] = "2024"
    return out


def _add_kind(app: FastAPI, kind: str, k: Kind, settings: Settings, ok: dict[str, Any], err: dict[str, Any]) -> None:
    async def upload(
        file: Annotated[UploadFile, File(description="the table: CSV, Parquet, Excel, JSON Lines, JSON or YAML")],
        as_of: Annotated[str | None, Form(description="YYYY-MM-DD (default: today)")] = None,
        overrides: Annotated[str | None, Form(description="a JSON object, or one id=value per line")] = None,
        output: Annotated[
            str, Form(description="json (default) or csv: the input's columns, then the verdicts")
        ] = "json",
        year: Annotated[
            str | None, Form(description="targets: the year to assess (default: each region's latest)")
        ] = None,
    ) -> Response:
        if output not in ("json", "csv"):
            raise InputError(Problem(field="output", message=f"output must be json or csv, not {output!r}"))
        on, what_if = parse_as_of(as_of), parse_overrides(overrides)
        year_n = _year(year)
        data = await file.read()
        frame = read_upload(file.filename or "", data, settings)
        result = await run_in_threadpool(run_table, kind, frame, as_of=on, overrides=what_if, year=year_n)
        digest = table_digest(result, what_if)
        if output == "csv":
            from ..batch.cli import _joined

            joined = result.frame if k.rule is None else _joined(frame, result.frame, False)
            return Response(joined.to_csv(index=False), media_type="text/csv; charset=utf-8", headers=headers(digest))
        audit = getattr(result, "audit", None) or {"overrides": what_if or {}, "as_of": on}
        summary = {str(key): int(v) for key, v in result.summary().items()}
        body = {
            "kind": kind,
            "rows": len(frame),
            "audit": audit,
            "summary": summary,
            "results": records(result.frame),
            "errors": records(result.errors),
        }
        return json_response(body, digest=digest)

    extra: dict[str, Any] = {"requestBody": {"content": {"multipart/form-data": {"example": _example(kind)}}}}
    extra |= responses(ok, err, HTTPStatus.BAD_REQUEST, 413, 422)
    extra["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    app.add_api_route(
        f"/batch/{kind}",
        upload,
        methods=["POST"],
        tags=["batch"],
        summary=f"upload a table: {k.title}",
        description=f"`zjpolicy.batch.{k.function}` over the uploaded table, bad rows collected; at most "
        f"{settings.row_limit} rows.",
        operation_id="batch_" + kind.replace("-", "_"),
        openapi_extra=extra,
        response_class=Response,
    )


def _year(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    t = text.strip()
    if not (t.isascii() and t.isdecimal()) or not 1 <= int(t) <= 9999:
        raise InputError(Problem(field="year", message=f"{t!r} is not a year like 2024"))
    return int(t)
