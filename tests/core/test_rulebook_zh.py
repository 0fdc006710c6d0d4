"""The rulebook's prose in Chinese: every note, rationale and choice has its Chinese text beside the English one.

`note_zh` stands beside every `note` (document, clause, parameter, dated value), `rationale_zh` beside every
reading's `rationale`, and `choices_zh` beside `choices` with the same keys. The Chinese is a translation, not the
English copied over: it is mostly Chinese characters, and it carries every number of the English (and the same
years). A misspelt field (`note_cn`) is refused by the loader, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from core.amended import bundled_data

from zjpolicy import RulebookError, load_rulebook
from zjpolicy.rulebook import Rulebook, default_rulebook

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z]+")  # an English word
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[ ,;:'-]+[A-Za-z]+){2,}")  # three English words in a row
# code a Chinese text quotes as is: `backticked`, dotted ids (go.scale_measure), snake_case, CamelCase names
CODE = re.compile(r"`[^`]*`|[A-Za-z_][A-Za-z0-9_]*(?:[._][A-Za-z0-9_]+)+|[A-Z][a-z]+(?:[A-Z][a-z]*)+")
NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?")  # ASCII digits; the seeds' full-width digits are quoted text
THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")  # 35,000 is 35000
YEAR = re.compile(r"(?<![0-9.])(?:19|20)[0-9]{2}(?![0-9])")
MIN_CJK_SHARE = Fraction(9, 10)  # Chinese characters / (Chinese characters + English words), outside quoted code


def texts(rb: Rulebook) -> Iterator[tuple[str, str | None, str | None]]:
    """(where, English, Chinese) for every text of the rulebook that has a Chinese counterpart."""
    for key, d in rb.documents.items():
        yield f"document {key}", d.document.note, d.document.note_zh
    for c in rb.clauses.values():
        yield f"clause {c.id}", c.note, c.note_zh
        for p in c.parameters:
            yield f"parameter {p.id}", p.note, p.note_zh
            for v in p.values:
                yield f"parameter {p.id} from {v.from_}", v.note, v.note_zh
    for r in rb.readings.values():
        yield f"reading {r.id} rationale", r.rationale, r.rationale_zh
        for choice, meaning in r.choices.items():
            yield f"reading {r.id} choice {choice}", meaning, r.choices_zh.get(choice)


def translated(rb: Rulebook) -> list[tuple[str, str, str]]:
    return [(where, en, zh) for where, en, zh in texts(rb) if en is not None and zh is not None]


def numbers(text: str) -> set[Fraction]:
    return {Fraction(n) for n in NUMBER.findall(THOUSANDS.sub("", text))}


def cjk_share(text: str) -> Fraction:
    prose = CODE.sub("", text)
    cjk, words = len(CJK.findall(prose)), len(WORD.findall(prose))
    return Fraction(cjk, cjk + words) if cjk + words else Fraction(0)


@pytest.fixture(scope="module")
def rb() -> Rulebook:
    return default_rulebook()


def test_every_note_rationale_and_choice_has_its_chinese_text(rb):
    missing = [where for where, en, zh in texts(rb) if en is not None and not (zh or "").strip()]
    assert not missing, f"no Chinese text beside the English: {missing}"


def test_no_chinese_text_stands_without_its_english(rb):
    orphans = [where for where, en, zh in texts(rb) if zh is not None and en is None]
    assert not orphans, f"a Chinese text with no English beside it: {orphans}"


def test_choices_zh_has_the_keys_of_choices(rb):
    for r in rb.readings.values():
        assert list(r.choices_zh) == list(r.choices), r.id


def test_the_rulebook_has_prose_to_translate(rb):
    """Guards the tests above against iterating nothing: both documents' notes, rationales and choices."""
    where = [w for w, _, _ in translated(rb)]
    assert sum(w.startswith(("document", "clause", "parameter")) for w in where) >= 70
    assert sum(w.endswith("rationale") for w in where) == len(rb.readings) >= 30
    assert sum(" choice " in w for w in where) >= 60
    assert {r.document for r in rb.readings.values()} == set(rb.documents)


def test_the_chinese_is_chinese_not_the_english_copied_over(rb):
    for where, en, zh in translated(rb):
        assert zh.strip() != en.strip(), where
        assert cjk_share(zh) >= MIN_CJK_SHARE, f"{where}: mostly not Chinese: {zh!r}"
        run = ENGLISH_RUN.search(CODE.sub("", zh))
        assert run is None, f"{where}: English left in the Chinese text: {run and run.group()!r}"


def test_the_chinese_carries_every_number_of_the_english(rb):
    for where, en, zh in translated(rb):
        missing = numbers(en) - numbers(zh)
        assert not missing, f"{where}: numbers of the English not in the Chinese: {sorted(missing)}"


def test_the_chinese_and_the_english_name_the_same_years(rb):
    for where, en, zh in translated(rb):
        assert set(YEAR.findall(zh)) == set(YEAR.findall(en)), where


@pytest.mark.parametrize(
    ("text", "share", "nums"),
    [
        ("3.5万家即35000家。", 1, {Fraction(7, 2), 35000}),
        ("default ±1 percentage point around 1/3", 0, {1, 3}),
        ("见解释 go.scale_measure（默认营业收入）", 1, set()),
        ("10万家 = 100,000.", 1, {10, 100000}),
    ],
)
def test_the_measures_of_the_checks(text, share, nums):
    assert cjk_share(text) == share
    assert numbers(text) == nums


# --------------------------------------------------------------------------- the loader refuses a misspelt field


def _write(tmp_path: Path, edit: Any) -> list[Path]:
    """The bundled files written to `tmp_path`, the data first changed by `edit(name, raw)`."""
    paths = []
    for name, raw in bundled_data().items():
        edit(name, raw)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_copy_with_the_chinese_fields_loads_like_the_bundled_rulebook(tmp_path, rb):
    copy = load_rulebook(_write(tmp_path, lambda name, raw: None))
    assert translated(copy) == translated(rb)


def _add(field: str, where: str):
    def edit(name: str, raw: dict[str, Any]) -> None:
        if name != "demo-park-plan.yaml":
            return
        if where == "document":
            raw["document"][field] = "说明"
        elif where == "clause":
            raw["clauses"][0][field] = "说明"
        elif where == "parameter":
            raw["clauses"][0]["parameters"][0][field] = "说明"
        else:
            raw["readings"][0][field] = "理由"

    return edit


@pytest.mark.parametrize("where", ["document", "clause", "parameter", "reading"])
@pytest.mark.parametrize("field", ["note_cn", "rationale_cn", "choice_zh"])
def test_the_loader_refuses_a_misspelt_chinese_field(tmp_path, field, where):
    with pytest.raises(RulebookError, match=field) as err:
        load_rulebook(_write(tmp_path, _add(field, where)))
    assert "demo-park-plan.yaml" in str(err.value)


def test_choices_zh_must_be_a_mapping_of_texts(tmp_path):
    def edit(name: str, raw: dict[str, Any]) -> None:
        if name == "demo-park-plan.yaml":
            raw["readings"][0]["choices_zh"] = ["三星级不设规模门槛"]

    with pytest.raises(RulebookError, match="choices_zh"):
        load_rulebook(_write(tmp_path, edit))
