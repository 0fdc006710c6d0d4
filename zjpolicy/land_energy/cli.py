"""`zjpolicy check …`: the land and energy rules on the command line.

zjpolicy check green-channel --intensity "0.45 tce/万元" --dual-control on-track
zjpolicy check green-channel --energy "5200 tce" --value-added "1 亿元" --dual-control on-track --format json
zjpolicy check land-share --year 2024 --industrial "450 公顷" --total "1500 公顷"
zjpolicy check gai-yi-bu-yi ledger.yaml --scope per_project
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .._cli_util import (
    AsOf,
    Format,
    FormatOption,
    Overrides,
    command,
    fail,
    load_data,
    parse_as_of,
    parse_overrides,
    print_result,
)
from ..lang import say
from . import DualControlStatus  # imported with the package anyway; the rules are imported in the commands

if TYPE_CHECKING:
    from ..rules import Rule

__all__ = ["check_app", "register"]

check_app = typer.Typer(
    help="Check a project, park, year or ledger against the land and energy rules (指导意见 六、七、十（三）（四）).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Mount the `check` group on the main `zjpolicy` app."""
    app.add_typer(check_app, name="check")


# --------------------------------------------------------------------------- shared plumbing


def _run(rule_fn: Rule[Any, Any], inputs: Any, as_of: str | None, fmt: Format, overrides: dict[str, str]) -> None:
    """Evaluate the rule and print its result (errors: one line on stderr, exit 2, by `@command`)."""
    result = rule_fn(inputs, as_of=parse_as_of(as_of), overrides=overrides or None)
    print_result(result, fmt)


def _drop_none(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def _mapping(data: Any, file: Path, list_key: str | None = None) -> dict[str, Any]:
    """A file's data as a mapping (a bare list is the `list_key` entries)."""
    if list_key is not None and isinstance(data, list):
        return {list_key: data}
    if not isinstance(data, dict):
        got = say("land_energy.cli.empty_file") if data is None else type(data).__name__
        if list_key:
            fail(say("land_energy.cli.expected_mapping_or_list", file=file, key=list_key, got=got))
        fail(say("land_energy.cli.expected_mapping", file=file, got=got))
    return data


# --------------------------------------------------------------------------- commands


@check_app.command("green-channel")
@command
def green_channel_cmd(
    dual_control: Annotated[
        DualControlStatus, typer.Option("--dual-control", help="The locality's energy dual-control (能耗双控) status.")
    ],
    intensity: Annotated[
        Optional[str], typer.Option("--intensity", help='单位工业增加值能耗, e.g. "0.45 tce/万元".')
    ] = None,
    energy: Annotated[
        Optional[str], typer.Option("--energy", help='项目综合能耗, e.g. "5200 tce" (with --value-added).')
    ] = None,
    value_added: Annotated[Optional[str], typer.Option("--value-added", help='工业增加值, e.g. "1 亿元".')] = None,
    new: Annotated[bool, typer.Option("--new/--not-new", help="新上项目 (default: new).")] = True,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """节能审查绿色通道 (十（三）): intensity below the threshold, a new project, the locality on track."""
    from . import green_channel

    inputs = _drop_none(intensity=intensity, energy_use=energy, value_added=value_added)
    _run(
        green_channel,
        {**inputs, "new_project": new, "dual_control": dual_control},
        as_of,
        fmt,
        parse_overrides(override),
    )


@check_app.command("assessed-energy")
@command
def assessed_energy_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="YAML/JSON: year, total_consumption, raw_material_use, new_renewable, "
            "renewable_base_year (see EnergyAccount)."
        ),
    ],
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """原料用能抵扣与新增可再生能源不纳入能耗总量考核 (十（三）): the consumption assessed."""
    from . import assessed_energy

    _run(assessed_energy, _mapping(load_data(file), file), as_of, fmt, parse_overrides(override))


@check_app.command("land-share")
@command
def land_share_cmd(
    year: Annotated[int, typer.Option("--year", help="年度.")],
    industrial: Annotated[
        Optional[str], typer.Option("--industrial", help='工业用地出让面积, e.g. "450 公顷".')
    ] = None,
    total: Annotated[Optional[str], typer.Option("--total", help="国有建设用地出让总面积.")] = None,
    non_industrial: Annotated[Optional[str], typer.Option("--non-industrial", help="非工业用地出让面积.")] = None,
    industrial_parcels: Annotated[
        Optional[int],
        typer.Option("--industrial-parcels", help="工业用地出让宗数 (with --override go.land_share_measure=parcels)."),
    ] = None,
    total_parcels: Annotated[Optional[int], typer.Option("--total-parcels", help="国有建设用地出让总宗数.")] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """工业用地比例 (十（四）): the year's industrial share of state-owned construction land transferred."""
    from . import industrial_land_share

    inputs = {
        "year": year,
        **_drop_none(
            industrial_area=industrial,
            total_area=total,
            non_industrial_area=non_industrial,
            industrial_parcels=industrial_parcels,
            total_parcels=total_parcels,
        ),
    }
    _run(industrial_land_share, inputs, as_of, fmt, parse_overrides(override))


@check_app.command("gai-yi-bu-yi")
@command
def gai_yi_bu_yi_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="YAML/JSON ledger: {territory, period_start, period_end, entries: "
            "[{parcel_id, date, changed_out, compensation, project}]} or a list "
            "of entries."
        ),
    ],
    scope: Annotated[
        Optional[str],
        typer.Option("--scope", help="Reading go.gai_yi_bu_yi_scope: per_territory_period | per_project."),
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """改一补一 占补平衡 (十（四）): does the ledger balance?"""
    from . import gai_yi_bu_yi

    _run(
        gai_yi_bu_yi,
        _mapping(load_data(file), file, "entries"),
        as_of,
        fmt,
        parse_overrides(override, {"go.gai_yi_bu_yi_scope": scope} if scope else None),
    )


@check_app.command("freed-land")
@command
def freed_land_cmd(
    freed: Annotated[str, typer.Option("--freed", help="控制线内盘活腾出存量工业用地面积.")],
    industrial: Annotated[str, typer.Option("--industrial", help="其中用于工业发展的面积.")],
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """控制线内腾出存量工业用地全部用于工业 (十（四）)."""
    from . import freed_land_use

    _run(freed_land_use, {"freed_area": freed, "industrial_area": industrial}, as_of, fmt, parse_overrides(override))


@check_app.command("plot-ratio")
@command
def plot_ratio_cmd(
    plot_ratio_value: Annotated[
        Optional[str], typer.Option("--plot-ratio", help="园区综合容积率, given directly.")
    ] = None,
    floor_area: Annotated[
        Optional[str], typer.Option("--floor-area", help='总建筑面积, e.g. "120 万m²"… or "180 公顷".')
    ] = None,
    land_area: Annotated[Optional[str], typer.Option("--land-area", help='园区用地面积, e.g. "1200 亩".')] = None,
    park: Annotated[Optional[str], typer.Option("--park", help="园区名称.")] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """园区综合容积率 (七（一）)."""
    from . import plot_ratio

    inputs = _drop_none(park=park, plot_ratio=plot_ratio_value, floor_area=floor_area, land_area=land_area)
    _run(plot_ratio, inputs, as_of, fmt, parse_overrides(override))


@check_app.command("project-share")
@command
def project_share_cmd(
    year: Annotated[Optional[int], typer.Option("--year", help="年度.")] = None,
    manufacturing: Annotated[Optional[int], typer.Option("--manufacturing", help="制造业项目数.")] = None,
    total: Annotated[Optional[int], typer.Option("--total", help="省市县长项目工程项目总数.")] = None,
    file: Annotated[
        Optional[Path], typer.Option("--file", help="YAML/JSON: {year, projects: [{name, manufacturing}]}.")
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """省市县长项目工程中制造业项目数占比 (七（二）)."""
    from . import manufacturing_project_share

    if file is not None:
        data = _mapping(load_data(file), file, "projects")
        if year is not None:
            data = {**data, "year": year}
    else:
        data = _drop_none(year=year, manufacturing_projects=manufacturing, total_projects=total)
    _run(manufacturing_project_share, data, as_of, fmt, parse_overrides(override))


@check_app.command("major-project")
@command
def major_project_cmd(
    investment: Annotated[str, typer.Option("--investment", help='项目总投资, e.g. "12 亿元".')],
    manufacturing: Annotated[
        Optional[bool], typer.Option("--manufacturing/--not-manufacturing", help="制造业项目 (required).")
    ] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="项目名称.")] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """制造业重大项目（投资额达到门槛以上）优先列入省重大产业项目库 (十（四）)."""
    from . import major_project_priority

    if manufacturing is None:
        fail(say("land_energy.cli.manufacturing"))
    _run(
        major_project_priority,
        _drop_none(name=name, investment=investment, manufacturing=manufacturing),
        as_of,
        fmt,
        parse_overrides(override),
    )


@check_app.command("land-quota")
@command
def land_quota_cmd(
    year: Annotated[Optional[int], typer.Option("--year", help="年度.")] = None,
    allocation: Annotated[
        Optional[list[str]], typer.Option("--allocation", "-a", help='RECIPIENT=AREA, e.g. "杭州=300 亩" (repeatable).')
    ] = None,
    file: Annotated[
        Optional[Path], typer.Option("--file", help="YAML/JSON: {year, allocations: [{recipient, area, date}]}.")
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    override: Overrides = None,
) -> None:
    """省级每年考核激励用地计划指标 (十（四）): do the year's awards stay within the pool?"""
    from . import land_quota

    if file is not None:
        data = _mapping(load_data(file), file)
        if year is not None:
            data = {**data, "year": year}
    else:
        allocs = []
        for item in allocation or []:
            who, sep, area = item.partition("=")
            if not sep or not who.strip():
                fail(say("land_energy.cli.allocation", item=repr(item)))
            allocs.append({"recipient": who.strip(), "area": area.strip()})
        data = _drop_none(year=year, allocations=allocs)
    _run(land_quota, data, as_of, fmt, parse_overrides(override))
