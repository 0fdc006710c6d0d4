"""The rulebook-to-Markdown generators of the docs site, and the macros of its hand-written pages.

`generate_pages()` gives every generated page and folder navigation (path -> Markdown), which gen_pages.py
(mkdocs-gen-files) writes; `define_env()` is the mkdocs-macros entry point. See docs/dev/docs.md.
"""

from __future__ import annotations

import doctest
import html
import inspect
import posixpath
import re
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs_gen_files import Nav

from zjpolicy.catalogue import PACKAGES
from zjpolicy.exact import Comparison, fmt
from zjpolicy.rulebook import Clause, Parameter, Rulebook, default_rulebook, normalize_section
from zjpolicy.rules import all_rules
from zjpolicy.traceability import scan_tests
from zjpolicy.units import unit_label

Index = Mapping[str, Any]  # rules by id or by clause; the test index: clause -> {"law_value"|"boundary"|"tests": […]}

ROOT = Path(__file__).resolve().parents[2]  # the repository root
EXAMPLES_DIR = ROOT / "docs" / "rules" / "examples"  # hand-written example snippets: <rule id>.md

PACKAGE_TITLES = {
    "zjpolicy.rubric": "rubric 示范园区星级评价",
    "zjpolicy.land_energy": "land_energy 用地与用能",
    "zjpolicy.targets": "targets 目标评估",
}
API_MODULES = (
    ("zjpolicy", "zjpolicy（顶层）"), ("zjpolicy.rulebook", "rulebook 规则库"), ("zjpolicy.rules", "rules 规则注册"),
    ("zjpolicy.catalogue", "catalogue 规则包目录"), ("zjpolicy.results", "results 结果与解释"),
    ("zjpolicy.audit", "audit 审计重放"), ("zjpolicy.exact", "exact 精确数值"), ("zjpolicy.units", "units 单位"),
    ("zjpolicy.fields", "fields 输入字段"), ("zjpolicy.errors", "errors 错误"),
    ("zjpolicy.traceability", "traceability 追溯矩阵"),
    *((pkg, PACKAGE_TITLES.get(pkg, pkg)) for pkg in PACKAGES),
)  # fmt: skip
KIND_ZH = {
    "target": "目标", "threshold": "门槛", "ratio": "比例", "quota": "配额", "balance": "平衡核算",
    "veto": "一票否决", "bonus": "加分", "rubric": "星级评价表行", "policy": "政策后果", "trend": "趋势",
    "list": "清单",
}  # fmt: skip
BASIS_ZH = {"level": "水平值", "cumulative": "累计", "new": "新增", "per_year": "每年"}
TESTS_ZH = (("law_value", "法条数值核对（依原文独立录入）"), ("boundary", "边界用例"), ("tests", "其他测试"))


# --------------------------------------------------------------------------- paths, links, text


def clause_anchor(clause_id: str) -> str:
    """The stable HTML anchor of a clause: ``go.10.3.green_channel`` -> ``go-10-3-green_channel``."""
    return clause_id.replace(".", "-")


def reading_anchor(reading_id: str) -> str:
    return "reading-" + reading_id.replace(".", "-")


def section_path(document: str, section: str) -> str:
    return f"rulebook/{document}/{normalize_section(section).replace('.', '-')}.md"


def rule_path(rule_id: str) -> str:
    return f"rules/{rule_id}.md"


def rel(from_page: str, to_page: str) -> str:
    """Relative link between two docs-relative Markdown paths (MkDocs resolves .md links)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def clause_link(rb: Rulebook, page: str, clause_id: str, text: str) -> str:
    c = rb.clause(clause_id)
    return f"[{text}]({rel(page, section_path(c.document, c.section))}#{clause_anchor(clause_id)})"


def reading_link(page: str, reading_id: str, text: str) -> str:
    return f"[{text}]({rel(page, 'readings.md')}#{reading_anchor(reading_id)})"


def rule_link(page: str, rule_id: str, text: str = "") -> str:
    return f"[{text or f'`{rule_id}`'}]({rel(page, rule_path(rule_id))})"


def esc(text: object) -> str:
    """Escape text for a Markdown table cell / inline context."""
    out = str(text).replace("\\", "\\\\")
    for ch in "|*_":
        out = out.replace(ch, "\\" + ch)
    return out.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def zh_en(zh: str | None, en: str | None) -> str:
    """A rulebook text given in both languages (a note, a rationale, a choice), escaped: the Chinese first, the
    English beside it (on the next line, smaller); either alone when the other is missing."""
    if zh and en and zh != en:
        return f'{esc(zh)}<br><small lang="en">{esc(en)}</small>'
    return esc(zh or en or "")


def md_table(head: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """A Markdown table's lines; the cells are already Markdown."""
    head = list(head)
    return [f"| {' | '.join(head)} |", "|" + " --- |" * len(head), *(f"| {' | '.join(map(str, r))} |" for r in rows)]


def _join_unit(number: str, unit: str) -> str:
    return f"{number}{unit}" if unit == "%" or not unit else f"{number} {unit}"


def value_text(p: Parameter) -> str:
    """The parameter's value as a person reads it: ``0.52 tce/万元``, ``1–2 条``, ``对照：全省同行业标准``."""
    u = p.unit_text or unit_label(p.unit) or ""
    if p.comparison is Comparison.range:
        return _join_unit(f"{fmt(p.value)}–{fmt(p.upper)}", u)
    if p.value is None:
        return f"对照：{p.against}" + (f"（{u}）" if u else "") if p.against else "（与上期比较）"
    return _join_unit(fmt(p.value) or "", u)


def comparison_text(p: Parameter) -> str:
    return f"{p.comparison.symbol}（{p.word}）" if p.word else p.comparison.symbol


def kind_text(c: Clause) -> str:
    return KIND_ZH.get(c.kind.value, c.kind.value)


def independently_checked(tests: Index, clause_id: str) -> bool:
    return bool(tests.get(clause_id, {}).get("law_value") or tests.get(clause_id, {}).get("boundary"))


def implementations(rules: Index) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in sorted(rules.values(), key=lambda r: r.id):
        for cid in r.clauses:
            out.setdefault(cid, []).append(r)
    return out


def function_path(r: Any) -> str:
    """Where the rule's function lives; a generated rule (a closure) is reached through the registry."""
    if "<locals>" in r.fn.__qualname__:
        return f"zjpolicy.rules.get_rule({r.id!r})"
    return f"{r.fn.__module__}.{r.fn.__qualname__}"


def sections_of(rb: Rulebook, document: str) -> list[tuple[str, list[Clause]]]:
    groups: dict[str, list[Clause]] = {}
    for c in rb.clauses.values():
        if c.document == document:
            groups.setdefault(c.section, []).append(c)
    return sorted(groups.items(), key=lambda kv: tuple(int(x) for x in normalize_section(kv[0]).split(".")))


def section_title(clauses: list[Clause]) -> str:
    """A section's short title: 星级评价表 for the star table, else its first clause's title."""
    return "星级评价表" if any(c.kind.value == "rubric" for c in clauses) else clauses[0].title


# --------------------------------------------------------------------------- the star table


def rubric_table(rb: Rulebook, page: str = "") -> str:
    """The star table (示范园区实施方案 三、2.) as Markdown: the table the rating applies, ``zjpolicy.rubric.table``."""
    from zjpolicy.rubric import table
    from zjpolicy.rubric.table import star_name

    t = table(rb)
    rows, notes = [], []
    for row in (*t.rows, *t.green):
        c = rb.clause(row.clause)
        title = clause_link(rb, page, c.id, esc(row.label)) if page else esc(row.label)
        cells = ["不设门槛" if p is None else esc(value_text(p)) for p in row.params]
        category = esc(c.text.split("｜")[0]) if "｜" in c.text else ""
        rows.append([category, row.row, title, *cells, row.comparison.symbol])
        for rid in c.readings:
            choice, label = rb.reading(rid), reading_link(page, rid, f"`{rid}`") if page else f"`{rid}`"
            r = rb.readings[rid]
            meaning = zh_en(r.choices_zh.get(choice), r.choices.get(choice))
            notes.append(f"第{row.row}行按解释 {label} = `{choice}`" + (f"：{meaning}" if meaning else ""))
    words = sorted({comparison_text(p) for row in (*t.rows, *t.green) for p in row.params if p and p.word})
    notes.insert(0, "比较栏：" + "；".join(esc(w) for w in words) + "（原文用语）")
    lines = md_table(["类别", "序号", "指标", *map(star_name, t.levels), "比较"], rows)
    return "\n".join([*lines, "", *(f"- {n}" for n in notes)]) + "\n"


# --------------------------------------------------------------------------- clause and document pages


def parameter_table(c: Clause) -> list[str]:
    if not c.parameters:
        return ["_本条没有数值参数。_", ""]
    rows = []
    for p in c.parameters:
        period = f"{p.year}年" if p.year is not None else "每年" if p.basis.value == "per_year" else "—"
        dates = f"{p.effective}" + (f" 至 {p.until}" if p.until else "") + f" / {p.last_reviewed}"
        label = esc(p.label) + (" （力争）" if p.aspirational else "")
        basis = BASIS_ZH.get(p.basis.value, p.basis.value)
        rows.append([f"`{p.name}`", label, esc(value_text(p)), esc(comparison_text(p)), period, basis, dates])
    head = ["参数", "含义", "数值", "比较（原文用语）", "年份/期间", "口径", "生效 / 最后复核"]
    notes = [f"- `{p.name}`：{zh_en(p.note_zh, p.note)}" for p in c.parameters if p.note or p.note_zh]
    return [*md_table(head, rows), "", *notes, *([""] if notes else [])]


def clause_block(rb: Rulebook, c: Clause, page: str, impl: Index, tests: Index) -> str:
    meta = [f"条款 `{c.id}`", f"第 {c.section} 条", f"类型：{kind_text(c)}"]
    meta += [f"评价表第 {c.table_row} 行"] if c.table_row else []
    out = [f"## {esc(c.title)} {{ #{clause_anchor(c.id)} }}", "", " · ".join(meta) + "  ", f"_{esc(c.title_en)}_", ""]
    out += ["> " + esc(c.text), "", "**参数**", "", *parameter_table(c)]
    if c.items:
        out += ["**清单项**：" + "、".join(esc(i) for i in c.items), ""]
    if c.note or c.note_zh:
        out += ['!!! note "说明"', "    " + zh_en(c.note_zh, c.note), ""]
    if c.readings:
        out += ["**所采取的解释**", ""]
        for rid in c.readings:
            r, default = rb.readings[rid], rb.reading(rid)
            meaning = zh_en(r.choices_zh.get(default), r.choices.get(default)) if r.choices else esc(r.unit or "")
            link = reading_link(page, rid, esc(r.title))
            out.append(f"- {link} `{rid}` = `{default}`" + (f"：{meaning}" if meaning else ""))
            out.append(f"    - 理由：{zh_en(r.rationale_zh, r.rationale)}")
        out.append("")
    rules = impl.get(c.id, [])
    out += ["**实现**", ""] if rules else ["**实现**：尚无规则函数（仅数据）。", ""]
    out += [f"- {rule_link(page, r.id, f'`{r.id}` v{r.version}')} — 函数 `{function_path(r)}`" for r in rules]
    out += [""] if rules else []
    kinds = tests.get(c.id, {})
    for kind, title in TESTS_ZH:
        t = kinds.get(kind, [])
        if len(t) > 5:
            out += [f'??? success "{title}（{len(t)}）"', "", *(f"    - `{x}`" for x in t), ""]
        elif t:
            out += [f"**{title}**（{len(t)}）", "", *(f"- `{x}`" for x in t), ""]
    if not independently_checked(tests, c.id):
        out += ["**独立核对**：尚无。", ""]
    return "\n".join(out)


def section_page(rb: Rulebook, document: str, section: str, clauses: list[Clause], impl: Index, tests: Index) -> str:
    page, title = section_path(document, section), esc(rb.documents[document].document.title)
    back = f"[返回文件概览]({rel(page, f'rulebook/{document}/index.md')})"
    out = [f"# {section} {esc(section_title(clauses))}{'等' if len(clauses) > 1 else ''}", ""]
    out += [f"《{title}》第 {section} 条，共 {len(clauses)} 个条款。{back}", ""]
    rows = []
    for c in clauses:
        rules = ", ".join(f"`{r.id}`" for r in impl.get(c.id, [])) or "—"
        rows.append([f"[{esc(c.title)}](#{clause_anchor(c.id)})", kind_text(c), rules])
    out += [*md_table(["条款", "类型", "实现"], rows), ""]
    if any(c.kind.value == "rubric" for c in clauses):
        out += ["## 星级评价表 { #rubric-table }", "", "由规则库参数生成（参数变化即页面变化）。", ""]
        out += [rubric_table(rb, page), ""]
    return "\n".join(out + [clause_block(rb, c, page, impl, tests) for c in clauses])


def document_page(rb: Rulebook, document: str, impl: Index) -> str:
    dr = rb.documents[document]
    d, page = dr.document, f"rulebook/{document}/index.md"
    facts = [
        ("发文机关", esc(d.issuer)),
        ("发布日期", d.issued or "原文未注明"),
        ("生效日期（本库采用）", d.effective),
        ("最后复核", d.last_reviewed),
        ("条款 id 前缀", f"`{d.prefix}`"),
        ("条款数", len(dr.clauses)),
        ("已由规则实现", sum(1 for c in dr.clauses if impl.get(c.id))),
    ]
    out = [f"# {esc(d.title)}", "", *md_table(["项目", "内容"], facts), ""]
    out += ['!!! note "关于日期"', "    " + zh_en(d.note_zh, d.note), ""] if d.note or d.note_zh else []
    rows = []
    for s, cs in sections_of(rb, document):
        links = "、".join(clause_link(rb, page, c.id, esc(c.title)) for c in cs)
        rows.append([f"[{s}]({rel(page, section_path(document, s))})", links])
    out += ["## 各条", "", *md_table(["条", "条款"], rows)]
    if dr.excluded:
        out += ["", "## 含数字但未编码的段落 { #excluded }", ""]
        out += ["这些段落含有数字，但经判断不构成可检验的数量规定。", ""]
        out += md_table(["条", "原文", "理由"], ([esc(e.section), esc(e.text), esc(e.why)] for e in dr.excluded))
    return "\n".join(out) + "\n"


def rulebook_index(rb: Rulebook, impl: Index, tests: Index) -> str:
    page = "rulebook/index.md"
    docs = []
    for key, dr in rb.documents.items():
        implemented = sum(1 for c in dr.clauses if impl.get(c.id))
        checked = sum(1 for c in dr.clauses if independently_checked(tests, c.id))
        title = f"[{esc(dr.document.title)}]({rel(page, f'rulebook/{key}/index.md')})"
        docs.append([title, len(dr.clauses), implemented, checked, len(dr.readings)])
    clauses = []
    for c in rb.clauses.values():
        status = "已实现" if impl.get(c.id) else "仅数据"
        clauses.append([clause_link(rb, page, c.id, f"`{c.id}`"), esc(c.section), esc(c.title), kind_text(c), status])
    out = ["# 政策条款总览", ""]
    out += ["本节全部由规则库（`zjpolicy/rulebook/*.yaml`）、规则注册表和测试索引在构建时生成。", ""]
    out += [*md_table(["文件", "条款", "已实现", "独立核对", "解释"], docs), "", "## 全部条款 { #all-clauses }", ""]
    return "\n".join([*out, *md_table(["条款 id", "条", "标题", "类型", "状态"], clauses)]) + "\n"


# --------------------------------------------------------------------------- readings page

READINGS_INTRO = """# 解释说明（Readings）

文件表述含糊或留有裁量空间（如“左右”“稳中有升”“个别指标可适当放宽标准”）之处，本库不默默猜测，\
而是采用一个**有名称、有默认值、可覆盖**的解释，并在每个结果中写明所用的解释。下表列出本库作出的全部解释，由规则库生成。

Where the text is ambiguous or leaves discretion, the library takes a named, documented, overridable reading; \
every result lists the readings it used.

**如何覆盖**：调用规则时传入 `overrides={"<解释 id>": "<取值>"}`；结果的 `readings` 字段会标明该解释已被覆盖\
（`is_default: false`），`overrides` 字段记录覆盖值，审计重放（`zjpolicy.replay`）会按同样的覆盖重算。
"""


def readings_page(rb: Rulebook, rules: Index) -> str:
    page = "readings.md"
    rows = []
    for r in rb.readings.values():
        applies = "、".join(clause_link(rb, page, cid, f"`{cid}`") for cid in r.applies_to)
        rows.append([f"[{esc(r.title)}](#{reading_anchor(r.id)})", r.document, f"`{rb.reading(r.id)}`", applies])
    out = [READINGS_INTRO, *md_table(["解释", "文件", "默认", "适用条款"], rows), ""]
    for r in rb.readings.values():
        default = rb.reading(r.id)
        users = sorted(x.id for x in rules.values() if r.id in x.readings or set(x.clauses) & set(r.applies_to))
        unit = f" · 单位：{esc(unit_label(r.unit) or r.unit)}" if r.unit else ""
        applies = "、".join(clause_link(rb, page, cid, esc(rb.clause(cid).title)) for cid in r.applies_to)
        out += [f"## {esc(r.title)} {{ #{reading_anchor(r.id)} }}", "", f"解释 id：`{r.id}` · 类型：{r.kind}{unit}", ""]
        out += [f"适用条款：{applies}", ""]
        alt = next((k for k in r.choices if k != default), default) if r.kind == "choice" else default
        if r.choices:  # a choice, and the named values of a comparison, year or basis reading
            choices = [
                [f"`{k}`", zh_en(r.choices_zh.get(k), v), "**默认**" if k == default else ""]
                for k, v in r.choices.items()
            ]
            out += md_table(["取值", "含义", ""], choices)
        else:
            out += [f"默认值：**{esc(_join_unit(default, unit_label(r.unit) if r.unit else ''))}**"]
        out += ["", f"**理由**：{zh_en(r.rationale_zh, r.rationale)}", ""]
        out += ["使用此解释的规则：" + "、".join(rule_link(page, u) for u in users), ""] if users else []
        call = f"get_rule({users[0]!r})" if users else "rule"
        out += ["覆盖方式（改用另一种理解）：", "", "```python", "from zjpolicy.rules import get_rule", ""]
        out += [f"result = {call}(inputs, as_of=..., overrides={{{r.id!r}: {alt!r}}})"]
        out += ["print(result.readings)  # 标明该解释的取值及是否为默认（is_default）", "```", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- rule pages


def check_doctests(r: Any) -> int:
    """Run the doctests of the rule's docstring (shown on its page); a failing one fails the build."""
    runner, report = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS), []
    for t in doctest.DocTestFinder(recurse=False).find(r.fn, r.id, globs={}):
        runner.run(t, out=report.append)
    if runner.failures:
        raise RuntimeError(f"rule {r.id}: a docstring example failed\n" + "".join(report))
    return runner.tries


def type_text(t: Any) -> str:
    """A readable type: Annotated metadata dropped, Optional shown as `X | None`, classes by name."""
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        return type_text(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_text(a) for a in args)
    if origin is not None:
        inner = ", ".join("..." if a is Ellipsis else type_text(a) for a in args)
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{inner}]" if args else name
    return "None" if t is type(None) else getattr(t, "__name__", str(t).replace("typing.", ""))


def model_fields_table(model: Any) -> list[str]:
    rows = []
    props = model.model_json_schema().get("properties", {})
    for name, f in model.model_fields.items():
        unit = props.get(name, {}).get("x-unit")
        label, desc = (unit_label(unit) or unit) if unit else "", f.description or ""
        desc += f"（单位 {label}）" if label and label not in desc else ""
        code = html.escape(type_text(f.annotation), quote=False).replace("|", "&#124;")
        rows.append([f"`{name}`", f"<code>{code}</code>", "是" if f.is_required() else "否", esc(desc)])
    return md_table(["字段", "类型", "必填", "说明"], rows)


def rule_package(r: Any) -> str:
    return next((p for p in PACKAGES if r.fn.__module__ == p or r.fn.__module__.startswith(p + ".")), r.fn.__module__)


def hand_example(r: Any) -> str:
    """docs/rules/examples/<rule id>.md, else the package template _package.<package>.md (@RULE_ID@, @CLAUSE_ID@)."""
    own, template = EXAMPLES_DIR / f"{r.id}.md", EXAMPLES_DIR / f"_package.{rule_package(r)}.md"
    if own.is_file():
        return own.read_text(encoding="utf-8")
    if template.is_file():
        return template.read_text(encoding="utf-8").replace("@RULE_ID@", r.id).replace("@CLAUSE_ID@", r.clauses[0])
    return ""


def rule_page(rb: Rulebook, r: Any) -> str:
    page = rule_path(r.id)
    start, end = r.in_force(rb)
    facts = [
        ("版本", r.version),
        ("函数", f"`{function_path(r)}`"),
        ("生效", f"{start}" + (f" 至 {end}" if end else " 起")),
        ("输入模型", f"`{r.input_model.__module__}.{r.input_model.__qualname__}`"),
        ("结果模型", f"`{r.result_model.__module__}.{r.result_model.__qualname__}`"),
    ]
    out = [f"# `{r.id}` {{ #rule-{r.id.replace('.', '-')} }}", "", *md_table(["项目", "内容"], facts), ""]
    if (r.fn.__doc__ or "").strip():
        ran = check_doctests(r)
        out += ["```text", inspect.cleandoc(r.fn.__doc__), "```", ""]
        out += ["_文档字符串中的示例（`>>>`）已在构建时运行并核对输出。_", ""] if ran else []
    out += ["## 实现的条款", ""]
    for c in map(rb.clause, r.clauses):
        out.append(f"- {clause_link(rb, page, c.id, f'{c.section} {esc(c.title)}')} `{c.id}`")
    readings = list(dict.fromkeys([*r.readings, *(x for cid in r.clauses for x in rb.clause(cid).readings)]))
    out += ["", "## 采用的解释", ""] if readings else []
    out += [f"- {reading_link(page, x, esc(rb.readings[x].title))} `{x}` 默认 `{rb.reading(x)}`" for x in readings]
    out += ["", "## 输入", "", *model_fields_table(r.input_model), "", "## 示例", ""]
    return "\n".join([*out, hand_example(r).strip() or "_本规则尚未提供示例。_", ""])


def rules_by_package(rules: Index) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rid in sorted(rules):
        out.setdefault(rule_package(rules[rid]), []).append(rid)
    return out


def rules_index(rb: Rulebook, rules: Index) -> str:
    page = "rules/index.md"
    out = ["# 规则一览", "", "每条规则是一个带版本的函数，对应规则库中的一个或多个条款。本页由规则注册表生成。", ""]
    for pkg, ids in rules_by_package(rules).items():
        out += [f"## {esc(PACKAGE_TITLES.get(pkg, pkg))} {{ #{pkg.replace('.', '-')} }}", ""]
        out += [f"包 `{pkg}`，共 {len(ids)} 条规则。", ""]
        rows = []
        for r in (rules[i] for i in ids):
            clauses = "、".join(clause_link(rb, page, c, f"`{c}`") for c in r.clauses)
            rows.append([rule_link(page, r.id), r.version, f"`{function_path(r)}`", clauses])
        out += [*md_table(["规则", "版本", "函数", "条款"], rows), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- all pages and their navigation


def generate_pages(
    rb: Rulebook | None = None, rules: Index | None = None, tests: Index | None = None
) -> dict[str, str]:
    """Docs-relative path -> Markdown for every generated page, and the generated folders' SUMMARY.md."""
    rb = rb or default_rulebook()
    rules = all_rules(rb) if rules is None else rules
    tests = scan_tests(ROOT / "tests") if tests is None else tests  # pytest's collection of the clause markers
    impl = implementations(rules)
    pages = {"rulebook/index.md": rulebook_index(rb, impl, tests)}
    for key in rb.documents:
        pages[f"rulebook/{key}/index.md"] = document_page(rb, key, impl)
        for section, clauses in sections_of(rb, key):
            pages[section_path(key, section)] = section_page(rb, key, section, clauses, impl, tests)
    pages["readings.md"] = readings_page(rb, rules)
    pages["rules/index.md"] = rules_index(rb, rules)
    pages.update({rule_path(rid): rule_page(rb, r) for rid, r in rules.items()})
    api = "".join(f"- [{esc(t)}]({m}.md) `{m}`\n" for m, t in API_MODULES)
    pages["api/index.md"] = "# API 参考\n\n由代码中的文档字符串生成。\n\n" + api
    pages.update({f"api/{m}.md": f"# {t}\n\n::: {m}\n" for m, t in API_MODULES})
    pages["changelog.md"] = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return pages | navs(rb, rules)


def navs(rb: Rulebook, rules: Index) -> dict[str, str]:
    """The generated folders' navigation (mkdocs-literate-nav); docs/SUMMARY.md links the folders."""
    docs, by_package, api = Nav(), Nav(), Nav()
    docs["总览"] = "index.md"
    for key, dr in rb.documents.items():
        m = re.search(r"关于(.+)的", dr.document.title)
        doc = m.group(1) if m else dr.document.title
        docs[doc, "文件概览"] = f"{key}/index.md"
        for section, cs in sections_of(rb, key):
            title = f"{section} {section_title(cs)}" + (f" 等{len(cs)}条" if len(cs) > 1 else "")
            docs[doc, title] = rel("rulebook/", section_path(key, section))
    by_package["规则一览"] = "index.md"
    for pkg, ids in rules_by_package(rules).items():
        for i in ids:  # a one-clause rule named after its clause goes by the clause's title
            c = rules[i].clauses
            label = rb.clause(c[0]).title if len(c) == 1 and i.endswith(c[0]) else i
            by_package[PACKAGE_TITLES.get(pkg, pkg), label] = f"{i}.md"
    api["概览"] = "index.md"
    for m, t in API_MODULES:
        api[t] = f"{m}.md"
    navs = {"rulebook": docs, "rules": by_package, "api": api}
    return {f"{folder}/SUMMARY.md": "".join(nav.build_literate_nav()) for folder, nav in navs.items()}


# --------------------------------------------------------------------------- macros (mkdocs-macros-plugin)


def define_env(env: Any) -> None:
    """The macros of hand-written pages, so prose never types a number of the law. A wrong id fails the build."""
    rb = default_rulebook()
    sizes = {"clauses": rb.clauses, "parameters": rb.parameters, "readings": rb.readings}

    def page() -> str:
        return env.page.file.src_uri

    def rule(rid: str) -> str:
        if rid not in all_rules(rb):
            raise KeyError(f"no rule {rid!r}")
        return rule_link(page(), rid)

    macros = {
        "value": lambda pid: value_text(rb.param(pid)),
        "number": lambda pid: fmt(rb.value(pid)) or "",
        "word": lambda pid: rb.param(pid).word,
        "year": lambda pid: str(rb.param(pid).year),
        "clause": lambda cid: clause_link(rb, page(), cid, f"{rb.clause(cid).section} {rb.clause(cid).title}"),
        "text": lambda cid: rb.clause(cid).text,
        "reading": lambda rid: reading_link(page(), rid, rb.readings[rid].title),
        "default": lambda rid: rb.reading(rid),
        "rule": rule,
        "rubric_table": lambda: rubric_table(rb, page()),
        "count": lambda what: str(len(all_rules(rb) if what == "rules" else sizes[what])),
    }
    for name, fn in macros.items():
        env.macro(fn, name)
