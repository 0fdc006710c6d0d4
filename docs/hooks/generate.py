"""MkDocs hook: generate the policy pages from the rulebook, the rule registry and the test index.

Nothing about a clause is written by hand. At build time this hook

* generates one page per document and one per section (``rulebook/<document>/<section>.md``) with a
  stable anchor per clause (``#go-10-3-green_channel``): the law's sentence, its parameters, the readings
  it depends on, the rules that implement it (``zjpolicy.rules.all_rules()``) and its tests (the
  ``@pytest.mark.clause`` index);
* renders the star table (示范园区 三、2.) from the row parameters and the reading ``dp.row1_scale``;
* generates the readings page (解释说明), one page per registered rule with its examples, the API
  reference for the modules that exist, and the changelog page (from ``CHANGELOG.md`` if present);
* runs every fenced block marked ```` ```python exec="1" ```` and inserts its output; an exception fails
  the build;
* expands macros in hand-written pages, so prose never types a number of the law:
  ``{{ value("go.10.3.green_channel.max_intensity") }}``, ``{{ clause("go.10.3.green_channel") }}``,
  ``{{ reading("dp.row1_scale") }}``, ``{{ rule("land_energy.green_channel") }}``, ``{{ rubric_table() }}``,
  ``{{ count("clauses") }}``;
* teaches the Chinese word segmenter (jieba, used by the search plugin) the policy's terms, and fixes
  Material's in-browser query segmentation in the built search worker (:func:`patch_search_worker`).

Rule examples come from, in order: the doctest (``>>>``) lines of the rule function's docstring, the rule
package's ``EXAMPLES`` (see :func:`package_examples`), and the hand-written ``docs/rules/examples/<rule id>.md``
(or the package template ``docs/rules/examples/_package.<package>.md``). See docs/dev/docs.md.
The generator functions (:func:`generate_pages`, :func:`clause_anchor`, :func:`run_exec_blocks`) are plain
functions so tests can call them without building the site.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import io
import json
import logging
import posixpath
import pprint
import re
import sys
import traceback
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from zjpolicy.exact import Comparison, fmt
from zjpolicy.rulebook import Clause, Parameter, Rulebook, default_rulebook, normalize_section
from zjpolicy.units import unit_label

log = logging.getLogger("mkdocs.hooks.zjpolicy")

ROOT = Path(__file__).resolve().parents[2]  # the repository root (docs/hooks/generate.py)
DOCS = ROOT / "docs"
EXAMPLES_DIR = "rules/examples"  # hand-written example snippets, docs/rules/examples/<rule id>.md

CORE_MODULES = (
    ("zjpolicy", "zjpolicy（顶层）"),
    ("zjpolicy.rulebook", "rulebook 规则库"),
    ("zjpolicy.rules", "rules 规则注册"),
    ("zjpolicy.results", "results 结果与解释"),
    ("zjpolicy.audit", "audit 审计重放"),
    ("zjpolicy.exact", "exact 精确数值"),
    ("zjpolicy.units", "units 单位"),
    ("zjpolicy.fields", "fields 输入字段"),
    ("zjpolicy.errors", "errors 错误"),
    ("zjpolicy.traceability", "traceability 追溯矩阵"),
)
PACKAGE_TITLES = {
    "zjpolicy.rubric": "rubric 示范园区星级评价",
    "zjpolicy.land_energy": "land_energy 用地与用能",
    "zjpolicy.targets": "targets 目标评估",
}

KIND_ZH = {
    "target": "目标",
    "threshold": "门槛",
    "ratio": "比例",
    "quota": "配额",
    "balance": "平衡核算",
    "veto": "一票否决",
    "bonus": "加分",
    "rubric": "星级评价表行",
    "policy": "政策后果",
    "trend": "趋势",
    "list": "清单",
}
BASIS_ZH = {"level": "水平值", "cumulative": "累计", "new": "新增", "per_year": "每年"}
LEVELS = (("three_star", "三星级"), ("four_star", "四星级"), ("five_star", "五星级"))
# reading dp.row1_scale: which of row 1's two values applies at each level (None = no requirement)
ROW1_READING = "dp.row1_scale"
ROW1_LEVELS = {
    "three_star_unset": (None, "value_500", "value_1000"),
    "merged_three_four": ("value_500", "value_500", "value_1000"),
}


# --------------------------------------------------------------------------- small helpers


def clause_anchor(clause_id: str) -> str:
    """The stable HTML anchor of a clause: ``go.10.3.green_channel`` -> ``go-10-3-green_channel``."""
    return clause_id.replace(".", "-")


def reading_anchor(reading_id: str) -> str:
    return "reading-" + reading_id.replace(".", "-")


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def section_slug(section: str) -> str:
    return normalize_section(section).replace(".", "-")


def section_path(document: str, section: str) -> str:
    return f"rulebook/{document}/{section_slug(section)}.md"


def clause_path(rb: Rulebook, clause_id: str) -> str:
    c = rb.clause(clause_id)
    return section_path(c.document, c.section)


def rule_path(rule_id: str) -> str:
    return f"rules/{rule_id}.md"


def rel(from_page: str, to_page: str) -> str:
    """Relative link between two docs-relative Markdown paths (MkDocs resolves .md links)."""
    base = posixpath.dirname(from_page) or "."
    return posixpath.relpath(to_page, base)


def esc(text: str) -> str:
    """Escape text for a Markdown table cell / inline context."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )


def unit_text(p: Parameter) -> str:
    return p.unit_text or unit_label(p.unit) or ""


def _join_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def value_text(p: Parameter) -> str:
    """The parameter's value as a person reads it: ``0.52 tce/万元``, ``1–2 条``, ``低于 全省同行业标准``."""
    u = unit_text(p)
    if p.comparison is Comparison.range:
        return _join_unit(f"{fmt(p.value)}–{fmt(p.upper)}", u)
    if p.value is None:
        if p.against:
            return f"对照：{p.against}" + (f"（{u}）" if u else "")
        return "（与上期比较）"
    return _join_unit(fmt(p.value) or "", u)


def comparison_text(p: Parameter) -> str:
    return f"{p.comparison.symbol}（{p.word}）" if p.word else p.comparison.symbol


def period_text(p: Parameter) -> str:
    if p.year is not None:
        return f"{p.year}年"
    if p.basis.value == "per_year":
        return "每年"
    return "—"


def test_index() -> dict[str, list[str]]:
    """Clause id -> test node ids: scanned from the source tree's tests/ when present, else the bundled index."""
    from zjpolicy.traceability import bundled_test_index, scan_tests

    tests_dir = ROOT / "tests"
    if tests_dir.is_dir():
        try:
            return scan_tests(tests_dir)
        except SyntaxError as exc:  # a test file being edited; fall back rather than fail the docs
            log.info("test index: cannot parse %s (%s); using the bundled index", exc.filename, exc.msg)
    return bundled_test_index()


def registry() -> dict[str, Any]:
    from zjpolicy.rules import all_rules

    return all_rules()


def implementations(rules: Mapping[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in rules.values():
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

    def key(section: str) -> tuple[int, ...]:
        return tuple(int(x) for x in normalize_section(section).split("."))

    return [(s, groups[s]) for s in sorted(groups, key=key)]


def section_title(clauses: list[Clause]) -> str:
    """A section's short title: 星级评价表 for the star table, else its first clause's title."""
    if any(c.kind.value == "rubric" for c in clauses):
        return "星级评价表"
    return clauses[0].title


def section_label(section: str, clauses: list[Clause]) -> str:
    more = f" 等{len(clauses)}条" if len(clauses) > 1 else ""
    return f"{section} {section_title(clauses)}{more}"


def short_title(title: str) -> str:
    m = re.search(r"关于(.+)的", title)
    return m.group(1) if m else title


# --------------------------------------------------------------------------- the star table


def rubric_table(rb: Rulebook, page: str = "") -> str:
    """The star table (示范园区实施方案 三、2.) as a Markdown table, from the row parameters and readings."""
    rows = sorted((c for c in rb.clauses.values() if c.kind.value == "rubric"), key=lambda c: (c.table_row or 0, c.id))
    if not rows:
        return ""
    head = "| 类别 | 序号 | 指标 | " + " | ".join(lab for _, lab in LEVELS) + " | 比较 |"
    lines = [head, "|" + " --- |" * (len(LEVELS) + 4)]
    notes = []
    for c in rows:
        category = c.text.split("｜", 1)[0] if "｜" in c.text else ""
        link = f"[{esc(c.title)}]({rel(page, clause_path(rb, c.id))}#{clause_anchor(c.id)})" if page else esc(c.title)
        names = [p.name for p in c.parameters]
        if all(n in names for n, _ in LEVELS):
            cells = [esc(value_text(c.param(n))) for n, _ in LEVELS]
            cmp = c.param(LEVELS[0][0]).comparison.symbol
        elif c.id.endswith("row01_manufacturing_revenue") or ROW1_READING in c.readings:
            choice = rb.reading(ROW1_READING)
            mapping = ROW1_LEVELS.get(choice)
            if mapping is None:  # a reading choice this page does not know: show the values, point to the reading
                cells = [" / ".join(esc(value_text(p)) for p in c.parameters)] * len(LEVELS)
            else:
                cells = ["不设门槛" if n is None else esc(value_text(c.param(n))) for n in mapping]
            cmp = c.parameters[0].comparison.symbol
            notes.append(
                f"第{c.table_row}行按解释 [`{ROW1_READING}`]({rel(page, 'readings.md')}#{reading_anchor(ROW1_READING)}) "
                f"= `{choice}`：{esc(rb.readings[ROW1_READING].choices.get(choice, choice))}"
                if page
                else f"第{c.table_row}行按解释 `{ROW1_READING}` = `{choice}`"
            )
        else:  # one merged cell for all levels (rows 10, 11)
            p = c.parameters[0]
            cells = [esc(value_text(p))] * len(LEVELS)
            cmp = p.comparison.symbol
        lines.append(f"| {esc(category)} | {c.table_row or ''} | {link} | " + " | ".join(cells) + f" | {esc(cmp)} |")
    out = "\n".join(lines)
    words = sorted({f"{p.comparison.symbol}（{p.word}）" for c in rows for p in c.parameters if p.word})
    notes.insert(0, "比较栏：" + "；".join(esc(w) for w in words) + "（原文用语）")
    if notes:
        out += "\n\n" + "\n".join(f"- {n}" for n in notes)
    return out + "\n"


# --------------------------------------------------------------------------- clause and section pages


def parameter_table(c: Clause) -> str:
    if not c.parameters:
        return "_本条没有数值参数。_\n"
    lines = [
        "| 参数 | 含义 | 数值 | 比较（原文用语） | 年份/期间 | 口径 | 生效 / 最后复核 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in c.parameters:
        label = esc(p.label) + (" （力争）" if p.aspirational else "")
        eff = str(p.effective) + (f" 至 {p.until}" if p.until else "")
        lines.append(
            f"| `{p.name}` | {label} | {esc(value_text(p))} | {esc(comparison_text(p))} | {period_text(p)} "
            f"| {BASIS_ZH.get(p.basis.value, p.basis.value)} | {eff} / {p.last_reviewed} |"
        )
    notes = [f"- `{p.name}`：{esc(p.note)}" for p in c.parameters if p.note]
    return "\n".join(lines) + "\n" + ("\n" + "\n".join(notes) + "\n" if notes else "")


def clause_block(
    rb: Rulebook, c: Clause, page: str, rules_by_clause: Mapping[str, list[Any]], tests: Mapping[str, list[str]]
) -> str:
    out = [f"## {esc(c.title)} {{ #{clause_anchor(c.id)} }}", ""]
    meta = [f"条款 `{c.id}`", f"第 {c.section} 条", f"类型：{KIND_ZH.get(c.kind.value, c.kind.value)}"]
    if c.table_row:
        meta.append(f"评价表第 {c.table_row} 行")
    out += [" · ".join(meta) + "  ", f"_{esc(c.title_en)}_", ""]
    out += ["> " + esc(c.text), ""]
    out += ["**参数**", "", parameter_table(c)]
    if c.items:
        out += ["**清单项**：" + "、".join(esc(i) for i in c.items), ""]
    if c.note:
        out += ['!!! note "说明"', "    " + esc(c.note), ""]
    if c.readings:
        out += ["**所采取的解释**", ""]
        for rid in c.readings:
            r = rb.readings[rid]
            default = rb.reading(rid)
            meaning = r.choices.get(default, "") if r.kind == "choice" else (r.unit or "")
            out.append(
                f"- [{esc(r.title)}]({rel(page, 'readings.md')}#{reading_anchor(rid)}) `{rid}` = `{default}`"
                + (f"：{esc(meaning)}" if meaning else "")
            )
            out.append(f"    - 理由：{esc(r.rationale)}")
        out.append("")
    impl = rules_by_clause.get(c.id, [])
    if impl:
        out += ["**实现**", ""]
        for r in sorted(impl, key=lambda r: r.id):
            out.append(f"- [`{r.id}` v{r.version}]({rel(page, rule_path(r.id))}) — 函数 `{function_path(r)}`")
        out.append("")
    else:
        out += ["**实现**：尚无规则函数（仅数据）。", ""]
    t = tests.get(c.id, [])
    if len(t) > 5:
        out += [f'??? success "测试（{len(t)}）"', ""] + [f"    - `{x}`" for x in t] + [""]
    elif t:
        out += [f"**测试**（{len(t)}）", ""] + [f"- `{x}`" for x in t] + [""]
    else:
        out += ["**测试**：尚无。", ""]
    return "\n".join(out)


def section_page(
    rb: Rulebook,
    document: str,
    section: str,
    clauses: list[Clause],
    rules_by_clause: Mapping[str, list[Any]],
    tests: Mapping[str, list[str]],
) -> str:
    d = rb.documents[document].document
    page = section_path(document, section)
    out = [
        f"# {section} {esc(section_title(clauses))}{'等' if len(clauses) > 1 else ''}",
        "",
        f"《{esc(d.title)}》第 {section} 条，共 {len(clauses)} 个条款。"
        f"[返回文件概览]({rel(page, f'rulebook/{document}/index.md')})",
        "",
    ]
    out += ["| 条款 | 类型 | 实现 |", "| --- | --- | --- |"]
    for c in clauses:
        impl = ", ".join(f"`{r.id}`" for r in rules_by_clause.get(c.id, [])) or "—"
        out.append(f"| [{esc(c.title)}](#{clause_anchor(c.id)}) | {KIND_ZH.get(c.kind.value, c.kind.value)} | {impl} |")
    out.append("")
    if any(c.kind.value == "rubric" for c in clauses):
        out += [
            "## 星级评价表 { #rubric-table }",
            "",
            "由规则库参数生成（参数变化即页面变化）。",
            "",
            rubric_table(rb, page),
            "",
        ]
    for c in clauses:
        out.append(clause_block(rb, c, page, rules_by_clause, tests))
    return "\n".join(out)


def document_page(rb: Rulebook, document: str, rules_by_clause: Mapping[str, list[Any]]) -> str:
    dr = rb.documents[document]
    d = dr.document
    page = f"rulebook/{document}/index.md"
    out = [f"# {esc(d.title)}", ""]
    out += [
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 发文机关 | {esc(d.issuer)} |",
        f"| 发布日期 | {d.issued or '原文未注明'} |",
        f"| 生效日期（本库采用） | {d.effective} |",
        f"| 最后复核 | {d.last_reviewed} |",
        f"| 条款 id 前缀 | `{d.prefix}` |",
        f"| 条款数 | {len(dr.clauses)} |",
        f"| 已由规则实现 | {sum(1 for c in dr.clauses if rules_by_clause.get(c.id))} |",
        "",
    ]
    if d.note:
        out += ['!!! note "关于日期"', "    " + esc(d.note), ""]
    out += ["## 各条", "", "| 条 | 条款 |", "| --- | --- |"]
    for section, clauses in sections_of(rb, document):
        links = "、".join(
            f"[{esc(c.title)}]({rel(page, section_path(document, section))}#{clause_anchor(c.id)})" for c in clauses
        )
        out.append(f"| [{section}]({rel(page, section_path(document, section))}) | {links} |")
    out.append("")
    if dr.excluded:
        out += [
            "## 含数字但未编码的段落 { #excluded }",
            "",
            "这些段落含有数字，但经判断不构成可检验的数量规定。",
            "",
            "| 条 | 原文 | 理由 |",
            "| --- | --- | --- |",
        ]
        out += [f"| {esc(e.section)} | {esc(e.text)} | {esc(e.why)} |" for e in dr.excluded]
        out.append("")
    return "\n".join(out)


def rulebook_index(rb: Rulebook, rules_by_clause: Mapping[str, list[Any]], tests: Mapping[str, list[str]]) -> str:
    page = "rulebook/index.md"
    out = [
        "# 政策条款总览",
        "",
        "本节全部由规则库（`zjpolicy/rulebook/*.yaml`）、规则注册表和测试索引在构建时生成。",
        "",
    ]
    out += ["| 文件 | 条款 | 已实现 | 有测试 | 解释 |", "| --- | --- | --- | --- | --- |"]
    for key, dr in rb.documents.items():
        n = len(dr.clauses)
        impl = sum(1 for c in dr.clauses if rules_by_clause.get(c.id))
        tested = sum(1 for c in dr.clauses if tests.get(c.id))
        out.append(
            f"| [{esc(dr.document.title)}]({rel(page, f'rulebook/{key}/index.md')}) | {n} | {impl} | {tested} "
            f"| {len(dr.readings)} |"
        )
    out += [
        "",
        "## 全部条款 { #all-clauses }",
        "",
        "| 条款 id | 条 | 标题 | 类型 | 状态 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in rb.clauses.values():
        status = "已实现" if rules_by_clause.get(c.id) else "仅数据"
        out.append(
            f"| [`{c.id}`]({rel(page, clause_path(rb, c.id))}#{clause_anchor(c.id)}) | {esc(c.section)} "
            f"| {esc(c.title)} | {KIND_ZH.get(c.kind.value, c.kind.value)} | {status} |"
        )
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- readings page


def readings_page(rb: Rulebook, rules: Mapping[str, Any]) -> str:
    page = "readings.md"
    out = [
        "# 解释说明（Readings）",
        "",
        "文件表述含糊或留有裁量空间（如“左右”“稳中有升”“个别指标可适当放宽标准”）之处，本库不默默猜测，"
        "而是采用一个**有名称、有默认值、可覆盖**的解释，并在每个结果中写明所用的解释。"
        "下表列出本库作出的全部解释，由规则库生成。",
        "",
        "Where the text is ambiguous or leaves discretion, the library takes a named, documented, overridable "
        "reading; every result lists the readings it used.",
        "",
        '**如何覆盖**：调用规则时传入 `overrides={"<解释 id>": "<取值>"}`；结果的 `readings` 字段会标明'
        "该解释已被覆盖（`is_default: false`），`overrides` 字段记录覆盖值，审计重放（`zjpolicy.replay`）会按同样的覆盖重算。",
        "",
        "| 解释 | 文件 | 默认 | 适用条款 |",
        "| --- | --- | --- | --- |",
    ]
    for r in rb.readings.values():
        applies = "、".join(
            f"[`{cid}`]({rel(page, clause_path(rb, cid))}#{clause_anchor(cid)})" for cid in r.applies_to
        )
        out.append(f"| [{esc(r.title)}](#{reading_anchor(r.id)}) | {r.document} | `{rb.reading(r.id)}` | {applies} |")
    out.append("")
    for r in rb.readings.values():
        default = rb.reading(r.id)
        users = sorted(
            x.id for x in rules.values() if r.id in x.readings or any(cid in r.applies_to for cid in x.clauses)
        )
        out += [
            f"## {esc(r.title)} {{ #{reading_anchor(r.id)} }}",
            "",
            f"解释 id：`{r.id}` · 类型：{r.kind}" + (f" · 单位：{esc(unit_label(r.unit) or r.unit)}" if r.unit else ""),
            "",
        ]
        out += [
            "适用条款："
            + "、".join(
                f"[{esc(rb.clause(cid).title)}]({rel(page, clause_path(rb, cid))}#{clause_anchor(cid)})"
                for cid in r.applies_to
            ),
            "",
        ]
        if r.kind == "choice":
            out += ["| 取值 | 含义 | |", "| --- | --- | --- |"]
            for k, v in r.choices.items():
                out.append(f"| `{k}` | {esc(v)} | {'**默认**' if k == default else ''} |")
            out.append("")
            alt = next((k for k in r.choices if k != default), None)
        else:
            out += [f"默认值：**{esc(_join_unit(default, unit_label(r.unit) if r.unit else ''))}**", ""]
            alt = None
        out += [f"**理由**：{esc(r.rationale)}", ""]
        if users:
            out += ["使用此解释的规则：" + "、".join(f"[`{u}`]({rel(page, rule_path(u))})" for u in users), ""]
        example_value = alt if alt is not None else default
        imp, name = _import_line(rules[users[0]]) if users else ("", "rule_function")
        out += [
            "覆盖方式（改用另一种理解）：",
            "",
            "```python",
            *([imp] if imp else []),
            f"result = {name}(inputs, as_of=..., overrides={{{r.id!r}: {example_value!r}}})",
            "print(result.readings)  # 标明该解释的取值及是否为默认（is_default）",
            "```",
            "",
        ]
    return "\n".join(out)


# --------------------------------------------------------------------------- rule pages and examples


def package_examples(r: Any) -> list[Any]:
    """Examples a rule package offers for rule ``r``.

    A package (its ``__init__`` or the module that defines the rule) may define ``EXAMPLES`` as a mapping
    ``rule id -> list of examples`` or as a list of examples that each name their ``"rule"``. An example is
    either a string of Python code (its last expression is the result), or a dict
    ``{"title": ..., "inputs": {...}, "as_of": date(...), "overrides": {...}, "options": {...}}``.
    """
    mods = [r.fn.__module__]
    parts = r.fn.__module__.split(".")
    for i in range(len(parts) - 1, 1, -1):
        mods.append(".".join(parts[:i]))
    found: list[Any] = []
    seen: set[int] = set()
    for name in mods:
        mod = sys.modules.get(name)
        ex = getattr(mod, "EXAMPLES", None) if mod else None
        if ex is None or id(ex) in seen:
            continue
        seen.add(id(ex))
        if isinstance(ex, Mapping):
            found.extend(ex.get(r.id, []))
        else:
            found.extend(e for e in ex if isinstance(e, Mapping) and e.get("rule") == r.id)
    return found


def docstring_examples(r: Any) -> list[str]:
    """The doctest examples (``>>>`` lines) of the rule's docstring, each as a code string."""
    import inspect

    doc = inspect.cleandoc(r.fn.__doc__ or "")
    out: list[str] = []
    cur: list[str] = []
    for line in [*doc.splitlines(), ""]:
        s = line.strip()
        if s.startswith(">>> "):
            cur.append(s[4:])
        elif s.startswith("...") and cur:
            cur.append(s[4:] if s.startswith("... ") else "")
        elif cur:
            out.append("\n".join(cur))
            cur = []
    return out


def _import_line(r: Any) -> tuple[str, str]:
    """How an example imports the rule: from its module if the Rule object is there, else via the registry."""
    mod = sys.modules.get(r.fn.__module__)
    name = r.fn.__name__
    if mod is not None and getattr(mod, name, None) is r:
        pkg = r.fn.__module__.rsplit(".", 1)[0]
        pmod = sys.modules.get(pkg)
        if pmod is not None and getattr(pmod, name, None) is r and pkg != "zjpolicy":
            return f"from {pkg} import {name}", name
        return f"from {r.fn.__module__} import {name}", name
    return f"from zjpolicy.rules import get_rule\n{name} = get_rule({r.id!r})", name


def example_code(r: Any, ex: Any) -> tuple[str, str]:
    """(title, code) for one example."""
    if isinstance(ex, str):
        return "", ex.strip("\n")
    imp, name = _import_line(r)
    inputs = ex.get("inputs", {})
    if hasattr(inputs, "model_dump"):
        inputs = inputs.model_dump(mode="json", exclude_defaults=True)
    as_of = ex.get("as_of", date.today())
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    args = [pprint.pformat(inputs, width=88, sort_dicts=False), f"as_of=date({as_of.year}, {as_of.month}, {as_of.day})"]
    if ex.get("overrides"):
        args.append(f"overrides={pprint.pformat(dict(ex['overrides']), width=80, sort_dicts=False)}")
    for k, v in (ex.get("options") or {}).items():
        v = v.model_dump(mode="json") if hasattr(v, "model_dump") else v
        args.append(f"{k}={pprint.pformat(v, width=80, sort_dicts=False)}")
    call = f"result = {name}(\n" + "".join(f"    {_indent(a)},\n" for a in args) + ")"
    code = f"from datetime import date\n{imp}\n\n{call}\nprint(result.explain())"
    return str(ex.get("title", "")), code


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")


def fence(code: str, attrs: str = 'exec="1"') -> str:
    ticks = "````" if "```" in code else "```"
    return f"{ticks}python {attrs}\n{code}\n{ticks}"


def type_text(t: Any) -> str:
    """A readable type: Annotated metadata dropped, Optional shown as `X | None`, classes by name."""
    import types
    import typing

    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        return type_text(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_text(a) for a in args)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        inner = ", ".join("..." if a is Ellipsis else type_text(a) for a in args)
        return f"{name}[{inner}]" if args else name
    if t is type(None):
        return "None"
    return getattr(t, "__name__", str(t).replace("typing.", ""))


def model_fields_table(model: Any) -> str:
    rows = ["| 字段 | 类型 | 必填 | 说明 |", "| --- | --- | --- | --- |"]
    schema_props: dict[str, Any] = {}
    with contextlib.suppress(Exception):
        schema_props = model.model_json_schema().get("properties", {})
    for name, f in model.model_fields.items():
        ann = type_text(f.annotation)
        unit = schema_props.get(name, {}).get("x-unit")
        desc = f.description or ""
        lab = unit_label(unit) or unit if unit else ""
        if lab and lab not in desc:
            desc += f"（单位 {lab}）"
        code = ann.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
        rows.append(f"| `{name}` | <code>{code}</code> | {'是' if f.is_required() else '否'} | {esc(desc)} |")
    return "\n".join(rows) + "\n"


def rule_page(rb: Rulebook, r: Any, hand_examples: str | None) -> str:
    page = rule_path(r.id)
    start, end = r.in_force(rb)
    out = [f"# `{r.id}` {{ #{rule_anchor(r.id)} }}", ""]
    out += [
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 版本 | {r.version} |",
        f"| 函数 | `{function_path(r)}` |",
        f"| 生效 | {start}" + (f" 至 {end}" if end else " 起") + " |",
        f"| 输入模型 | `{r.input_model.__module__}.{r.input_model.__qualname__}` |",
        f"| 结果模型 | `{r.result_model.__module__}.{r.result_model.__qualname__}` |",
        "",
    ]
    doc = (r.fn.__doc__ or "").strip()
    if doc:
        import inspect

        out += ["```text", inspect.cleandoc(doc), "```", ""]
    out += ["## 实现的条款", ""]
    for cid in r.clauses:
        c = rb.clause(cid)
        out.append(f"- [{c.section} {esc(c.title)}]({rel(page, clause_path(rb, cid))}#{clause_anchor(cid)}) `{cid}`")
    out.append("")
    readings = list(dict.fromkeys([*r.readings, *(x for cid in r.clauses for x in rb.clause(cid).readings)]))
    if readings:
        out += ["## 采用的解释", ""]
        for rid in readings:
            out.append(
                f"- [{esc(rb.readings[rid].title)}]({rel(page, 'readings.md')}#{reading_anchor(rid)}) "
                f"`{rid}` 默认 `{rb.reading(rid)}`"
            )
        out.append("")
    out += ["## 输入", "", model_fields_table(r.input_model), ""]
    out += ["## 示例", ""]
    n = 0
    for code in docstring_examples(r):
        n += 1
        out += [f"### 文档字符串中的示例 {n}", "", fence(code), ""]
    for ex in package_examples(r):
        title, code = example_code(r, ex)
        n += 1
        out += [f"### {esc(title) or f'示例 {n}'}", "", fence(code), ""]
    if hand_examples:
        out += [hand_examples.strip(), ""]
        n += 1
    if not n:
        out += ["_本规则尚未提供示例。_", ""]
    return "\n".join(out)


def rule_package(r: Any) -> str:
    parts = r.fn.__module__.split(".")
    return ".".join(parts[:2]) if parts[0] == "zjpolicy" and len(parts) > 1 else r.fn.__module__


def rules_by_package(rules: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rid in sorted(rules):
        out.setdefault(rule_package(rules[rid]), []).append(rid)
    return out


def rule_nav_label(rb: Rulebook, r: Any) -> str:
    """A short label: the rule id, or for a one-clause rule named after its clause, the clause title."""
    if len(r.clauses) == 1 and r.id.endswith(r.clauses[0]):
        return rb.clause(r.clauses[0]).title
    return r.id


def rules_index(rb: Rulebook, rules: Mapping[str, Any]) -> str:
    page = "rules/index.md"
    out = ["# 规则一览", "", "每条规则是一个带版本的函数，对应规则库中的一个或多个条款。本页由规则注册表生成。", ""]
    if not rules:
        return "\n".join([*out, "_目前尚未注册规则。_", ""])
    for pkg, ids in rules_by_package(rules).items():
        out += [f"## {esc(PACKAGE_TITLES.get(pkg, pkg))} {{ #{pkg.replace('.', '-')} }}", ""]
        out += [f"包 `{pkg}`，共 {len(ids)} 条规则。", ""]
        out += ["| 规则 | 版本 | 函数 | 条款 |", "| --- | --- | --- | --- |"]
        for rid in ids:
            r = rules[rid]
            cl = "、".join(f"[`{cid}`]({rel(page, clause_path(rb, cid))}#{clause_anchor(cid)})" for cid in r.clauses)
            out.append(f"| [`{rid}`]({rel(page, rule_path(rid))}) | {r.version} | `{function_path(r)}` | {cl} |")
        out.append("")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- API reference, changelog


def api_modules() -> list[tuple[str, str]]:
    """Core modules plus the rule packages that exist (a real package, with an __init__.py)."""
    from zjpolicy.rules import RULE_PACKAGES

    mods = [(m, t) for m, t in CORE_MODULES if _exists(m)]
    for pkg in RULE_PACKAGES:
        try:
            spec = importlib.util.find_spec(pkg)
        except ModuleNotFoundError:
            spec = None
        if spec is not None and spec.origin and spec.origin.endswith("__init__.py"):
            mods.append((pkg, PACKAGE_TITLES.get(pkg, pkg)))
    return mods


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def api_page(module: str, title: str) -> str:
    return f"# {title}\n\n::: {module}\n"


def changelog_page(path: Path | None = None) -> str:
    path = path or ROOT / "CHANGELOG.md"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if not re.match(r"\s*# ", text):
            text = "# 更新日志（Changelog）\n\n" + text
        return text
    return "# 更新日志（Changelog）\n\n_尚无更新日志（仓库根目录的 `CHANGELOG.md` 尚未创建）。_\n"


# --------------------------------------------------------------------------- all generated pages


def hand_example(rule_id: str, rule: Any = None) -> str | None:
    """docs/rules/examples/<rule id>.md, else the package template _package.<package>.md (with @RULE_ID@, @CLAUSE_ID@)."""
    p = DOCS / EXAMPLES_DIR / f"{rule_id}.md"
    if p.is_file():
        return p.read_text(encoding="utf-8")
    if rule is not None:
        t = DOCS / EXAMPLES_DIR / f"_package.{rule_package(rule)}.md"
        if t.is_file():
            text = t.read_text(encoding="utf-8")
            return text.replace("@RULE_ID@", rule_id).replace("@CLAUSE_ID@", rule.clauses[0] if rule.clauses else "")
    return None


def generate_pages(
    rb: Rulebook | None = None, rules: Mapping[str, Any] | None = None, tests: Mapping[str, list[str]] | None = None
) -> dict[str, str]:
    """Docs-relative path -> Markdown for every generated page."""
    rb = rb or default_rulebook()
    rules = registry() if rules is None else rules
    tests = test_index() if tests is None else tests
    by_clause = implementations(rules)
    pages: dict[str, str] = {"rulebook/index.md": rulebook_index(rb, by_clause, tests)}
    for key in rb.documents:
        pages[f"rulebook/{key}/index.md"] = document_page(rb, key, by_clause)
        for section, clauses in sections_of(rb, key):
            pages[section_path(key, section)] = section_page(rb, key, section, clauses, by_clause, tests)
    pages["readings.md"] = readings_page(rb, rules)
    pages["rules/index.md"] = rules_index(rb, rules)
    for rid, r in rules.items():
        pages[rule_path(rid)] = rule_page(rb, r, hand_example(rid, r))
    mods = api_modules()
    pages["api/index.md"] = (
        "# API 参考\n\n由代码中的文档字符串生成。\n\n"
        + "\n".join(f"- [{esc(t)}]({m}.md) `{m}`" for m, t in mods)
        + "\n"
    )
    for m, t in mods:
        pages[f"api/{m}.md"] = api_page(m, t)
    pages["changelog.md"] = changelog_page()
    return pages


def build_nav(rb: Rulebook, rules: Mapping[str, Any], existing: set[str]) -> list[Any]:
    def have(*paths: str) -> list[str]:
        return [p for p in paths if p in existing]

    guides = [
        ("快速入门", "guides/quickstart.md"),
        ("在 Notebook 中检查资格", "guides/notebook.md"),
        ("锁定版本与审计重放", "guides/replay.md"),
        ("批量处理表格", "guides/batch.md"),
        ("评估规划目标", "guides/targets.md"),
    ]
    nav: list[Any] = [{"首页": "index.md"}]
    nav.append({"使用指南": [{t: p} for t, p in guides if p in existing]})
    nav.append({"解释说明": "readings.md"})
    docs_nav: list[Any] = [{"总览": "rulebook/index.md"}]
    for key, dr in rb.documents.items():
        items: list[Any] = [{"文件概览": f"rulebook/{key}/index.md"}]
        for section, clauses in sections_of(rb, key):
            items.append({section_label(section, clauses): section_path(key, section)})
        docs_nav.append({short_title(dr.document.title): items})
    nav.append({"政策条款": docs_nav})
    rule_nav: list[Any] = [{"规则一览": "rules/index.md"}]
    for pkg, ids in rules_by_package(rules).items():
        rule_nav.append({PACKAGE_TITLES.get(pkg, pkg): [{rule_nav_label(rb, rules[i]): rule_path(i)} for i in ids]})
    nav.append({"规则": rule_nav})
    nav.append({"API 参考": [{"概览": "api/index.md"}] + [{t: f"api/{m}.md"} for m, t in api_modules()]})
    dev = have("dev/writing-rules.md", "dev/rulebook-schema.md", "dev/docs.md")
    if dev:
        nav.append({"开发者": dev})
    nav.append({"更新日志": "changelog.md"})
    return nav


# --------------------------------------------------------------------------- exec blocks and macros

_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})python[ \t]+(?P<attrs>[^\n]*\bexec=\"1\"[^\n]*)\n(?P<code>.*?)\n(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def run_code(code: str, namespace: dict[str, Any], filename: str) -> tuple[str, str | None]:
    """Run code like a notebook cell: (captured stdout, HTML of a final table value or None).

    A final expression's value is shown: a result with ``.explain()`` as that text, a pandas DataFrame
    as an HTML table, anything else as its repr.
    """
    tree = ast.parse(code, filename=filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    buf = io.StringIO()
    html = None
    with contextlib.redirect_stdout(buf):
        exec(compile(tree, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval"), namespace)
            if value is not None:
                if hasattr(value, "explain") and callable(value.explain):
                    print(value.explain())
                elif hasattr(value, "to_html") and callable(value.to_html):
                    html = re.sub(r"<table[^>]*>", "<table>", value.to_html(index=False, border=0, na_rep="—"))
                    html = html.replace(' style="text-align: right;"', "")
                else:
                    print(repr(value) if not isinstance(value, str) else value)
    return buf.getvalue().rstrip("\n"), html


def missing_requirement(attrs: Mapping[str, str]) -> str | None:
    for mod in filter(None, (attrs.get("requires") or "").replace(",", " ").split()):
        try:
            spec = importlib.util.find_spec(mod)
        except ModuleNotFoundError:
            spec = None
        if spec is None or not spec.origin:
            return mod
    return None


def run_exec_blocks(markdown: str, where: str, namespace: dict[str, Any] | None = None) -> str:
    """Execute each ```python exec="1"``` block and put its output after it. Raises PluginError on failure.

    Options in the fence: ``requires="zjpolicy.rubric"`` (skip, with a note, until that module exists),
    ``hide_code="1"`` (show only the output), ``title="…"`` (the code block's title).
    """
    ns: dict[str, Any] = namespace if namespace is not None else {"__name__": "__docs__"}
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = dict(_ATTR.findall(m.group("attrs")))
        code = m.group("code")
        fence_ = m.group("fence")
        shown_attrs = f' title="{attrs["title"]}"' if attrs.get("title") else ""
        shown = f"{fence_}python{shown_attrs}\n{code}\n{fence_}"
        missing = missing_requirement(attrs)
        if missing:
            return f'{shown}\n\n!!! warning "示例未运行"\n    本示例需要 `{missing}`，该模块在构建时尚不存在。\n'
        line = markdown[: m.start()].count("\n") + 2
        try:
            output, html = run_code(code, ns, f"<{where}: example {count}, line {line}>")
        except Exception as exc:
            tb = "".join(traceback.format_exception(exc)).rstrip()
            raise PluginError(f"example {count} in {where} (line {line}) failed:\n{tb}") from None
        result = "" if attrs.get("hide_code") == "1" else shown + "\n\n"
        if output:
            o = "````" if "```" in output else "```"
            result += f'{o}text title="输出"\n{output}\n{o}'
        if html:
            result += f'\n\n<div class="zj-output" markdown="0">\n{html}\n</div>\n'
        return result

    return _FENCE.sub(repl, markdown)


_MACRO = re.compile(r"\{\{\s*(\w+)\(\s*(?:\"([^\"]*)\")?\s*\)\s*\}\}")
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)[^`\n].*?\2", re.MULTILINE | re.DOTALL)


def outside_code(markdown: str, fn: Any) -> str:
    """Apply fn to the parts of markdown that are not fenced code blocks or inline code spans."""
    out, pos = [], 0
    for m in _CODE.finditer(markdown):
        out.append(fn(markdown[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(markdown[pos:]))
    return "".join(out)


def expand_macros(markdown: str, page: str, rb: Rulebook | None = None, rules: Mapping[str, Any] | None = None) -> str:
    rb = rb or default_rulebook()

    def repl(m: re.Match[str]) -> str:
        name, arg = m.group(1), m.group(2)
        try:
            if name == "value":
                return value_text(rb.param(arg))
            if name == "number":
                return fmt(rb.value(arg)) or ""
            if name == "word":
                return rb.param(arg).word
            if name == "year":
                return str(rb.param(arg).year)
            if name == "clause":
                c = rb.clause(arg)
                return f"[{c.section} {c.title}]({rel(page, clause_path(rb, arg))}#{clause_anchor(arg)})"
            if name == "text":
                return rb.clause(arg).text
            if name == "reading":
                r = rb.readings[arg]
                return f"[{r.title}]({rel(page, 'readings.md')}#{reading_anchor(arg)})"
            if name == "default":
                return rb.reading(arg)
            if name == "rule":
                reg = registry() if rules is None else rules
                if arg in reg:
                    return f"[`{arg}`]({rel(page, rule_path(arg))})"
                return f"`{arg}`（尚未发布）"
            if name == "rubric_table":
                return rubric_table(rb, page)
            if name == "count":
                if arg == "clauses":
                    return str(len(rb.clauses))
                if arg == "parameters":
                    return str(len(rb.parameters))
                if arg == "readings":
                    return str(len(rb.readings))
                if arg == "rules":
                    return str(len(registry() if rules is None else rules))
                raise KeyError(f"count({arg!r})")
        except KeyError as exc:
            raise PluginError(f"{page}: macro {m.group(0)}: {exc}") from None
        raise PluginError(f"{page}: unknown macro {m.group(0)}")

    return outside_code(markdown, lambda part: _MACRO.sub(repl, part))


# --------------------------------------------------------------------------- notebook rendering


def notebook_markdown(path: Path, page: str) -> str:
    """A notebook's cells as Markdown: Markdown cells as they are, code cells as exec blocks (so they run)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", []))
        if cell.get("cell_type") == "markdown":
            out.append(src)
        elif cell.get("cell_type") == "code" and src.strip():
            out.append(fence(src.rstrip("\n"), f'exec="1" requires="{NOTEBOOK_REQUIRES}"'))
    return "\n\n".join(out) + "\n"


NOTEBOOK_REQUIRES = "zjpolicy.rubric zjpolicy.land_energy"
NOTEBOOKS = {"guides/eligibility.ipynb": "examples/eligibility.ipynb"}  # copied into the site for download
_NOTEBOOK = re.compile(r"\{\{\s*notebook\(\s*\"([^\"]+)\"\s*\)\s*\}\}")


def include_notebooks(markdown: str, page: str) -> str:
    def repl(m: re.Match[str]) -> str:
        p = ROOT / m.group(1)
        if not p.is_file():
            raise PluginError(f"{page}: notebook {m.group(1)} not found")
        return notebook_markdown(p, page)

    return outside_code(markdown, lambda part: _NOTEBOOK.sub(repl, part))


# --------------------------------------------------------------------------- search (Chinese segmentation)


def search_terms(rb: Rulebook) -> tuple[list[str], list[str]]:
    """(words the segmenter must keep whole, words it must split): docs/hooks/search_terms.txt plus the
    rulebook's quoted terms of two to four characters (“改一补一”, “双控”)."""
    add: list[str] = []
    remove: list[str] = []
    terms = Path(__file__).with_name("search_terms.txt")
    if terms.is_file():
        for line in terms.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("-"):
                remove.append(line[1:].strip())
            elif line:
                add.append(line)
    texts = [c.text + c.title for c in rb.clauses.values()] + [r.title for r in rb.readings.values()]
    for t in texts:
        for q in re.findall(r"“([^”]+)”", t):
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", q) and q not in remove:
                add.append(q)
    return list(dict.fromkeys(add)), remove


def configure_jieba(rb: Rulebook) -> bool:
    try:
        import jieba
    except ImportError:
        return False
    jieba.setLogLevel(logging.WARNING)
    add, remove = search_terms(rb)
    for w in add:
        jieba.add_word(w)
    for w in remove:
        jieba.del_word(w)
    return True


# Material's experimental Chinese query segmentation (``segment()`` in its search worker) looks up the
# query's sub-strings in the index vocabulary but never the whole query (``j < query.length``): a query
# that is itself a word of the index, such as 数控化率, is cut to its longest shorter prefix (数*) and
# matches every word starting with 数. Searching up to and including the whole query fixes it. The patch is
# applied to the built copy of the worker only, and only when the exact minified loop is found.
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w+)")


def patch_search_worker(site_dir: str | Path) -> bool:
    """Make the search worker consider the whole query as one word; True if a worker was patched."""
    patched = False
    for path in Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"):
        text = path.read_text(encoding="utf-8")
        new, n = _SEGMENT_LOOP.subn(
            lambda m: m.group(0).replace(f"{m.group(1)}<{m.group(3)}.length", f"{m.group(1)}<={m.group(3)}.length"),
            text,
        )
        if n == 1:
            path.write_text(new, encoding="utf-8")
            patched = True
    if not patched:
        log.info("search worker: Chinese query segmentation loop not found (Material changed?); not patched")
    return patched


# --------------------------------------------------------------------------- MkDocs events

_STATE: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    if not configure_jieba(default_rulebook()):
        log.warning(
            "jieba is not installed: Chinese search terms (亩均税收, 绿色通道 …) will not be segmented. "
            "Install the docs extra (pip install jieba)."
        )
    config.watch.extend(str(p) for p in (ROOT / "zjpolicy", ROOT / "CHANGELOG.md") if p.exists())
    return config


def on_files(files: Files, config: Any) -> Files:
    rb = default_rulebook()
    rules = registry()
    pages = generate_pages(rb, rules)
    _STATE["rules"] = rules
    for path, content in pages.items():
        old = files.get_file_from_path(path)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, path, content=content))
    for dest, src in NOTEBOOKS.items():
        if (ROOT / src).is_file():
            files.append(File.generated(config, dest, abs_src_path=str(ROOT / src)))
    # hand-written example snippets are included into rule pages, not pages of their own
    for f in list(files):
        if f.src_uri.startswith(EXAMPLES_DIR + "/") or f.src_uri.startswith("hooks/"):
            files.remove(f)
    existing = {f.src_uri for f in files if f.src_uri.endswith(".md")}
    config.nav = build_nav(rb, rules, existing)
    return files


def on_post_build(config: Any) -> None:
    patch_search_worker(config.site_dir)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    src = page.file.src_uri
    markdown = include_notebooks(markdown, src)
    markdown = expand_macros(markdown, src, default_rulebook(), _STATE.get("rules"))
    return run_exec_blocks(markdown, src)
