"""The staff page's HTML, rendered on the server: plain HTML and a little CSS, no scripts from anywhere.

`document` is the frame (navigation, the version and digest at the foot); `form_html` a form; `park_result` the
star rating as the plan's own table (rows = indicators, columns = 三/四/五星级, ✓/✗ per cell, from each check's
``indicator`` and ``level``), the gaps to the next level, the veto, the readings used and each clause's docs page;
`rule_result` any other result (its checks). A result can be downloaded as JSON and replayed.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from fractions import Fraction
from html import escape
from typing import Any

from .. import __version__
from ..errors import Problem
from ..exact import Comparison, fmt
from ..units import unit_label
from .forms import Form, Input
from .links import clause_url, reading_url

__all__ = ["decision_links", "document", "form_html", "num", "park_result", "problems_html", "rule_result"]

NAV = (
    ("/", "园区星级评价"),
    ("/staff/green-channel", "节能审查绿色通道"),
    ("/staff/land-share", "工业用地比例"),
    ("/staff/upload", "上传表格"),
    ("/staff/replay", "重放决定"),
)
MARK = {True: "✓", False: "✗", None: "?"}
TEXT_SHOWN = 72  # characters of a clause's sentence in the list of clauses
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1b1f;
background:#f6f7f9;line-height:1.5}
header{background:#27348b;color:#fff;padding:.6rem 1.2rem}header a{color:#fff;margin-right:1.2rem;text-decoration:none}
header a.on{font-weight:700;border-bottom:2px solid #fff}header strong{margin-right:2rem}
main{max-width:78rem;margin:0 auto;padding:1rem 1.2rem}section,form.card{background:#fff;border:1px solid #dde;
border-radius:6px;padding:1rem 1.2rem;margin:1rem 0}fieldset{border:1px solid #e3e5ea;border-radius:4px;margin:.6rem 0}
legend{font-weight:600}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.5rem 1rem}
label{display:block;font-size:.9rem}label span.u{color:#667}input[type=text],input[type=date],select,textarea{width:100%;
box-sizing:border-box;padding:.3rem;border:1px solid #bbc;border-radius:3px;font:inherit}textarea{min-height:3.2rem}
.bad input,.bad select,.bad textarea{border-color:#c62828;background:#fff5f5}small.hint{color:#667}
button,.button{background:#27348b;color:#fff;border:0;border-radius:4px;padding:.45rem 1.1rem;font:inherit;cursor:pointer;
text-decoration:none;display:inline-block}table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eef0f6}
td.ok{color:#1b5e20;background:#f1f8f1}td.no{color:#b71c1c;background:#fdf1f1}td.na{color:#777}
.stars{font-size:2rem;color:#e6a100;letter-spacing:.1rem}.verdict{font-size:1.3rem;font-weight:700}
.veto{border-left:5px solid #c62828;background:#fdf1f1;padding:.5rem .8rem}.errors{border-left:5px solid #c62828}
.okbox{border-left:5px solid #2e7d32}footer{color:#667;font-size:.8rem;text-align:center;padding:1rem}
code{font-size:.85rem}.row{display:flex;gap:1rem;flex-wrap:wrap;align-items:end}
"""


def num(x: Any, unit: str = "") -> str:
    """A number for people: exact when short (0.52, 1/3 → ≈0.3333), with its unit label."""
    if x is None:
        return "—"
    f = x if isinstance(x, Fraction) else Fraction(str(x))
    text = fmt(f) or ""
    if "/" in text or ("." in text and len(text.split(".")[1]) > 4):
        text = "≈" + f"{float(f):.4f}".rstrip("0").rstrip(".")
    lab = unit_label(unit) if unit else ""
    return text + (lab if lab in ("", "%") else f" {lab}")


def document(title: str, body: str, *, digest: str, active: str = "/") -> str:
    nav = "".join(f'<a href="{h}"{" class=on" if h == active else ""}>{escape(t)}</a>' for h, t in NAV)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · zjpolicy</title><style>{CSS}</style></head><body>"
        f"<header><strong>zjpolicy 政策规则</strong>{nav}</header><main><h1>{escape(title)}</h1>{body}</main>"
        f'<footer>zjpolicy <span id="version">{escape(__version__)}</span> · 参数摘要 '
        f'<code id="digest">{escape(digest)}</code> · <a href="/openapi.json">OpenAPI</a></footer></body></html>'
    )


def _field(i: Input, value: str, bad: bool) -> str:
    name, label = escape(i.name), escape(i.label or i.name)
    unit = f' <span class="u">（{escape(i.unit)}）</span>' if i.unit else ""
    hint = f'<small class="hint">{escape(i.hint)}</small>' if i.hint else ""
    cls = ' class="bad"' if bad else ""
    if i.kind == "select":
        opts = "".join(
            f'<option value="{escape(v)}"{" selected" if v == value else ""}>{escape(t)}</option>' for v, t in i.choices
        )
        ctl = f'<select name="{name}" id="f-{name}">{opts}</select>'
    elif i.kind == "checkbox":
        ctl = f'<input type="checkbox" name="{name}" id="f-{name}" value="true"{" checked" if value else ""}>'
    elif i.kind == "lines":
        ctl = f'<textarea name="{name}" id="f-{name}">{escape(value)}</textarea>'
    else:
        ctl = f'<input type="text" name="{name}" id="f-{name}" value="{escape(value)}">'
    return f'<div{cls}><label for="f-{name}">{label}{unit}</label>{ctl}{hint}</div>'


def _is_bad(name: str, problems: Iterable[Problem]) -> bool:
    return any(p.field == name or p.field.startswith((name + ".", name + "[")) for p in problems)


def form_html(
    form: Form,
    values: Mapping[str, str],
    problems: list[Problem],
    *,
    as_of: str,
    overrides: str,
    example_link: str = "",
) -> str:
    groups = []
    for title, inputs in form.groups:
        cells = "".join(_field(i, values.get(i.name, ""), _is_bad(i.name, problems)) for i in inputs)
        groups.append(f'<fieldset><legend>{escape(title)}</legend><div class="grid">{cells}</div></fieldset>')
    readings = ""
    for rid, label, choices in form.readings:
        readings += _field(Input(rid, label, kind="select", choices=choices), values.get(rid, ""), False)
    when = (
        '<fieldset><legend>评价日期与假设</legend><div class="grid">'
        f'<div><label for="f-as_of">评价日期（as_of，默认今天）</label>'
        f'<input type="date" name="as_of" id="f-as_of" value="{escape(as_of)}"></div>{readings}'
        '<div><label for="f-overrides">假设（overrides，每行 参数或解释 id=值）</label>'
        f'<textarea name="overrides" id="f-overrides">{escape(overrides)}</textarea></div></div></fieldset>'
    )
    example = f' <a class="button" href="{escape(example_link)}">载入示例（虚构数据）</a>' if example_link else ""
    return (
        f'<form class="card" method="post" action="{escape(form.action)}" id="rule-form">'
        f'{"".join(groups)}{when}<p><button type="submit" id="submit">评价</button>{example}</p></form>'
    )


def problems_html(problems: list[Problem], docs_url: str, labels: Mapping[str, str] | None = None) -> str:
    rows = []
    for p in problems:
        label = (labels or {}).get(p.field.split("[")[0], "")
        clause = _clause_link(docs_url, p.clause) if p.clause else "—"
        rows.append(
            f"<tr><td><code>{escape(p.field)}</code>{' ' + escape(label) if label else ''}</td><td>{escape(p.message)}</td>"
            f"<td>{escape(p.expected_unit or '—')}</td><td>{clause}</td></tr>"
        )
    return (
        '<section class="errors" id="problems"><h2>输入有误</h2><table><thead><tr><th>字段</th><th>问题</th>'
        f"<th>应有单位</th><th>条款</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _clause_link(docs_url: str, clause: str) -> str:
    try:
        url = clause_url(docs_url, clause)
    except (KeyError, ValueError):
        return f"<code>{escape(clause)}</code>"
    return f'<a href="{escape(url)}"><code>{escape(clause)}</code></a>'


def _cell(c: Any | None) -> str:
    if c is None:
        return '<td class="na">—（不设门槛）</td>'
    cls = {True: "ok", False: "no"}.get(c.met, "na")
    if c.comparison is Comparison.eq and c.threshold in (0, 1) and not c.unit:  # a yes/no condition of the law
        return f'<td class="{cls}">{MARK[c.met]} {"满足" if c.met else "不满足"}（{escape(c.word)}）</td>'
    if c.threshold is None:  # stated by the caller (below_standard): no numbers to compare
        return f'<td class="{cls}">{MARK[c.met]} {escape(c.word)}标准（按所填结论）</td>'
    word = f"（{escape(c.word)}）" if c.word and c.comparison not in (Comparison.ge,) else ""
    limit = num(c.threshold, c.unit)
    if c.comparison is Comparison.range:
        limit = f"{num(c.threshold)}–{num(c.upper, c.unit)}"
    return f'<td class="{cls}">{MARK[c.met]} {escape(c.comparison.symbol)} {escape(limit)}{word}</td>'


def park_result(r: Any, docs_url: str) -> str:
    """The star rating: level, the table with ✓/✗ per indicator and level, gaps, veto, readings, clauses."""
    from ..rubric.table import star_name

    stars = "★" * r.stars + "☆" * (5 - r.stars)
    head = (
        f'<section class="okbox" id="result"><p><span class="stars" aria-hidden="true">{stars}</span> '
        f'<span class="verdict" id="stars" data-stars="{r.stars}">{escape(r.level_name)}</span>'
        f'{"（示范园区）" if r.is_demonstration_park else ""}</p><p id="outcome">{escape(r.outcome)}</p>'
    )
    if r.vetoed:
        head += (
            f'<p class="veto" id="veto">一票否决：{escape(r.veto_reason or "")}'
            + (f"；{escape(str(r.veto_clears_on))} 起不再否决" if r.veto_clears_on else "")
            + f"（各项指标可达 {r.indicator_stars} 星）</p>"
        )
    if not r.rated:
        head += '<p class="veto">未评定：不在或未知是否在评价范围内（三、1.）。</p>'
    if r.must_rectify:
        head += f"<p>须限期整改，力争 {r.rectify_by_year or ''} 年达到三星级。</p>"
    head += "</section>"
    levels = sorted({c.level for c in r.checks if c.level is not None})
    by_field: dict[str, dict[int | None, Any]] = {}
    for c in r.checks:
        by_field.setdefault(c.indicator or c.name, {})[c.level] = c
    rows = []
    for s in sorted(r.indicators, key=lambda s: s.row):
        cells = by_field.get(s.field, {})
        tds = "".join(_cell(cells.get(lvl) or cells.get(None)) for lvl in levels)
        best = f"{s.best_level}★" if s.best_level else "✗"
        rows.append(
            f'<tr data-field="{escape(s.field)}"><td>{s.row}</td><td>{escape(s.label)}</td><td>{escape(num(s.value, s.unit))}'
            f"</td>{tds}<td>{best}</td><td>{_clause_link(docs_url, s.clause)}</td></tr>"
        )
    heads = "".join(f"<th>{star_name(lvl)}</th>" for lvl in levels)
    table = (
        '<section><h2>评价表</h2><table id="rubric"><thead><tr><th>行</th><th>指标</th><th>园区值</th>'
        f"{heads}<th>最高达到</th><th>条款</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    shown = {s.field for s in r.indicators}
    others = [c for c in r.checks if (c.indicator or c.name) not in shown]
    if others:
        table += "<h3>其他条件</h3>" + _checks_table(others, docs_url)
    table += "</section>"
    return head + table + _gaps(r, docs_url) + _readings(r, docs_url) + _citations(r, docs_url)


def _gaps(r: Any, docs_url: str) -> str:
    from ..rubric.table import star_name

    if r.next_level is None:
        return ""
    if not r.gaps_to_next_level:
        return f"<section><h2>距{star_name(r.next_level)}</h2><p>各项指标均已达到。</p></section>"
    rows = []
    for g in r.gaps_to_next_level:
        down = g.comparison in (Comparison.lt, Comparison.le)
        amount = ("−" if down else "+") + num(g.amount, g.unit) + ("（且须越过门槛）" if g.strict else "")
        rows.append(
            f'<tr data-field="{escape(g.field)}"><td>{escape(g.label)}</td><td>{escape(num(g.value, g.unit))}</td>'
            f"<td>{escape(g.comparison.symbol)} {escape(num(g.threshold, g.unit))}</td><td>{escape(amount)}</td>"
            f"<td>{_clause_link(docs_url, g.clause)}</td></tr>"
        )
    return (
        f'<section id="gaps"><h2>距{star_name(r.next_level)}的差距</h2><table><thead><tr><th>指标</th><th>现值</th>'
        f"<th>{star_name(r.next_level)}门槛</th><th>还需</th><th>条款</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table></section>"
    )


def _checks_table(checks: Iterable[Any], docs_url: str) -> str:
    rows = []
    for c in checks:
        margin = "—" if c.margin is None else num(c.margin, c.unit)
        rows.append(
            f'<tr data-check="{escape(c.name)}">{_cell(c)}<td>{escape(c.label)}</td><td>{escape(num(c.value, c.unit))}'
            f"</td><td>{escape(margin)}</td><td>{_clause_link(docs_url, c.clause)}</td></tr>"
        )
    return (
        "<table><thead><tr><th>结论与门槛</th><th>检验</th><th>数值</th><th>余量</th><th>条款</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _readings(r: Any, docs_url: str) -> str:
    if not r.readings and not r.overrides:
        return ""
    items = "".join(
        f'<li><a href="{escape(reading_url(docs_url, x.id))}">{escape(x.title)}</a> <code>{escape(x.id)}</code> = '
        f"<code>{escape(x.value)}</code>{'' if x.is_default else '（已覆盖）'}</li>"
        for x in r.readings
    )
    overrides = "".join(
        f"<li>假设 <code>{escape(k)}</code> = <code>{escape(v)}</code></li>" for k, v in r.overrides.items()
    )
    return f'<section id="readings"><h2>所用解释与假设</h2><ul>{items}{overrides}</ul></section>'


def _citations(r: Any, docs_url: str) -> str:
    items = "".join(
        f'<li><a href="{escape(clause_url(docs_url, c.clause))}">{escape(c.section)}</a> <code>{escape(c.clause)}</code>：'
        f"{escape(c.text[:TEXT_SHOWN])}{'…' if len(c.text) > TEXT_SHOWN else ''}</li>"
        for c in r.citations
    )
    return f'<section id="clauses"><details><summary>所依据的条款（{len(r.citations)}）</summary><ul>{items}</ul></details></section>'


def rule_result(r: Any, docs_url: str, verdict: str, ok: bool | None) -> str:
    """Any rule's result: the verdict, each check, the readings and the clauses."""
    mark = MARK[ok]
    cls = "okbox" if ok else "errors"
    head = (
        f'<section class="{cls}" id="result"><p class="verdict" id="verdict" data-ok="{str(ok).lower()}">{mark} '
        f'{escape(verdict)}</p><p id="outcome">{escape(r.outcome)}</p>'
        f"{_checks_table(r.checks, docs_url)}</section>"
    )
    return head + _readings(r, docs_url) + _citations(r, docs_url)


def decision_links(r: Any) -> str:
    """Download the result as JSON (a data: link, no server state), or replay it at once."""
    data = r.model_dump_json()
    href = "data:application/json;charset=utf-8;base64," + base64.b64encode(data.encode()).decode()
    name = f"decision-{r.rule}-{r.as_of}.json"
    return (
        '<section id="decision"><h2>保存与重放</h2><p>结果（含输入、规则版本与参数摘要）可下载保存，日后上传到'
        "“重放决定”核对是否仍然成立。</p>"
        f'<div class="row"><a class="button" id="download" download="{escape(name)}" href="{href}">下载决定（JSON）</a>'
        '<form method="post" action="/staff/replay" enctype="multipart/form-data">'
        f'<input type="hidden" name="stored" value="{escape(data)}"><button type="submit" id="replay-now">立即重放</button>'
        f"</form></div><p><small>规则 <code>{escape(r.rule)}</code> v{escape(r.rule_version)} · 参数摘要 "
        f"<code>{escape(r.parameters_digest)}</code></small></p></section>"
    )
