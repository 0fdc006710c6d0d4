"""Audit across versions: tampering is named by `zjpolicy replay`, decisions are reproducible byte for byte across
processes and hash seeds, threads with different overrides agree with one thread, and what-ifs keep memory bounded.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from core.amended import FICTIONAL, RD_THREE_STAR, revision, write_rulebook
from typer.testing import CliRunner

import zjpolicy
from zjpolicy import load_rulebook
from zjpolicy.audit import ReplayMismatch, changed_parameters, replay
from zjpolicy.cli import app
from zjpolicy.land_energy import green_channel
from zjpolicy.rubric import example_park, rate_park
from zjpolicy.rulebook import WHAT_IF_CACHE, Rulebook, default_rulebook

runner = CliRunner(env={"COLUMNS": "200"})
GREEN = {"intensity": "0.4", "dual_control": "on-track", "new_project": True}
MAX_INTENSITY = "go.10.3.green_channel.max_intensity"
ON = date(2024, 6, 30)


def stored_green() -> dict[str, Any]:
    return json.loads(green_channel(GREEN, as_of=ON).model_dump_json())


def replay_cli(tmp_path: Path, data: dict[str, Any], *options: str) -> tuple[int, str]:
    p = tmp_path / "decision.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["replay", str(p), *options])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.stderr == "" or r.exit_code == 2, r.stderr
    return r.exit_code, r.stdout


# ------------------------------------------------------------------ tampering


def tamper_input(d: dict[str, Any]) -> None:
    d["inputs"]["intensity"] = "0.6"


def tamper_result(d: dict[str, Any]) -> None:
    d["eligible"] = False


def tamper_digest(d: dict[str, Any]) -> None:
    d["parameters_digest"] = "sha256:" + "0" * 64


def tamper_version(d: dict[str, Any]) -> None:
    d["rule_version"] = "0.9.0"


def tamper_parameter(d: dict[str, Any]) -> None:
    next(c for c in d["checks"] if c["parameter"] == MAX_INTENSITY)["threshold"] = "0.6"


def tamper_override(d: dict[str, Any]) -> None:
    d["overrides"] = {MAX_INTENSITY: "0.3"}


def tamper_reading(d: dict[str, Any]) -> None:
    d["readings"] = [{"id": "go.approx_tolerance", "value": "2", "is_default": False, "title": "x"}]


TAMPERS = {
    # what is changed: (the change, what the message must name)
    "an input": (tamper_input, ["eligible", "intensity", "checks", "0.6"]),
    "the result": (tamper_result, ["eligible", "stored False != now True"]),
    "the digest": (tamper_digest, ["parameters_digest", "in force on 2024-06-30", f"{MAX_INTENSITY} = 0.52"]),
    "the rule version": (tamper_version, ["rule_version", "'0.9.0'", "'1.0.0'"]),
    "a parameter": (tamper_parameter, ["checks", MAX_INTENSITY, "stored lt 0.6 != now lt 0.52"]),
    "the overrides": (tamper_override, ["parameters_digest", "eligible", f"{MAX_INTENSITY} = 0.3"]),
}


@pytest.mark.parametrize("what", list(TAMPERS))
def test_replay_names_what_was_tampered_with(tmp_path, what):
    change, named = TAMPERS[what]
    data = stored_green()
    assert replay_cli(tmp_path, data)[0] == 0
    change(data)
    code, out = replay_cli(tmp_path, data)
    assert code == 1 and out.startswith("differs"), out
    for text in named:
        assert text in out, f"{what}: {text!r} not in\n{out}"


def test_a_recorded_reading_that_differs_is_named():
    data = stored_green()
    tamper_reading(data)
    tamper_digest(data)
    with pytest.raises(ReplayMismatch) as e:
        zjpolicy.replay(data)
    assert e.value.readings == {"go.approx_tolerance": ("2", None)} and "go.approx_tolerance" in str(e.value)


def test_an_untouched_decision_stands_and_says_which_version_recorded_it(tmp_path):
    data = stored_green()
    code, out = replay_cli(tmp_path, data)
    assert code == 0 and out.startswith("same") and "recorded under" not in out
    data["package_version"] = "0.0.1"  # a decision recorded by another release: still the same answer
    code, out = replay_cli(tmp_path, data)
    assert code == 0 and "recorded under zjpolicy 0.0.1, replayed under" in out


# ------------------------------------------------------------------ another rulebook version


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rulebook, list[str]]:
    paths = write_rulebook(tmp_path_factory.mktemp("revised"), {RD_THREE_STAR: [revision(date(2026, 1, 1), "2.8")]})
    return load_rulebook(paths), [a for p in paths for a in ("--rulebook", str(p))]


def test_a_revision_after_the_decision_leaves_it_standing(tmp_path, revised):
    rb, files = revised
    data = json.loads(rate_park(example_park(), as_of=ON).model_dump_json())
    assert zjpolicy.replay(data, rulebook=rb).parameters_digest == data["parameters_digest"]
    assert replay_cli(tmp_path, data, *files)[0] == 0


def test_a_revision_in_force_on_the_decision_day_is_named_with_its_reference(tmp_path, revised):
    rb, files = revised
    data = json.loads(rate_park(example_park(), as_of=date(2026, 6, 30)).model_dump_json())  # bundled: 2.3
    with pytest.raises(ReplayMismatch) as e:
        zjpolicy.replay(data, rulebook=rb)
    exc = e.value
    assert "parameters_digest" in exc.differences
    assert exc.parameters[RD_THREE_STAR] == ("ge 2.3", "ge 2.8")
    now = {f.id: f for f in exc.in_force}[RD_THREE_STAR]
    assert now.since == date(2026, 1, 1) and now.reference == FICTIONAL
    assert f"{RD_THREE_STAR} = 2.8 percent" in str(exc) and FICTIONAL in str(exc)
    code, out = replay_cli(tmp_path, data, *files)
    assert code == 1 and RD_THREE_STAR in out and FICTIONAL in out and "stored ge 2.3 != now ge 2.8" in out


def test_the_recorded_rulebook_names_every_parameter_that_differs(tmp_path, revised):
    """With the rulebook files of the version that recorded the decision (--recorded), the parameters of the rule
    whose values differ are named even when no check shows them (here: the digest was tampered with)."""
    rb, files = revised
    data = json.loads(rate_park(example_park(), as_of=date(2026, 6, 30), rulebook=rb).model_dump_json())
    tamper_digest(data)
    with pytest.raises(ReplayMismatch) as e:
        replay(data, rulebook=rb, recorded=default_rulebook())
    assert RD_THREE_STAR in e.value.parameters and "2.3" in e.value.parameters[RD_THREE_STAR][0]
    (tmp_path / "bundled").mkdir()
    recorded = [x for p in write_rulebook(tmp_path / "bundled") for x in ("--recorded", str(p))]
    code, out = replay_cli(tmp_path, data, *files, *recorded)
    assert code == 1 and f"{RD_THREE_STAR}: stored {RD_THREE_STAR} = 2.3 percent" in out, out


def test_changed_parameters_between_two_rulebooks(revised):
    rb, _ = revised
    assert changed_parameters(default_rulebook(), rb, ON) == {}
    diff = changed_parameters(default_rulebook(), rb, date(2026, 6, 30))
    assert list(diff) == [RD_THREE_STAR] and "2.3" in diff[RD_THREE_STAR][0] and "2.8" in diff[RD_THREE_STAR][1]


# ------------------------------------------------------------------ reproducible across processes

SCRIPT = """
import json, sys
from datetime import date
from zjpolicy.rubric import example_park, rate_park
from zjpolicy.land_energy import gai_yi_bu_yi, green_channel
from zjpolicy.targets import assess_targets, load_example
out = [
    rate_park(example_park(), as_of=date(2024, 6, 30)),
    rate_park(example_park("vetoed-park"), as_of=date(2024, 6, 30)),
    rate_park(example_park(), as_of=date(2024, 6, 30), overrides={"dp.row1_scale": "merged_three_four"}),
    green_channel({"intensity": "5200 tce/亿元", "dual_control": "on-track", "new_project": True}, as_of=date(2024, 6, 30)),
    gai_yi_bu_yi({"entries": [{"parcel_id": "A", "date": "2023-05-10", "changed_out": "40 亩", "project": "甲"},
                               {"parcel_id": "B", "date": "2023-09-01", "compensation": "1 公顷", "project": "乙"}]},
                 as_of=date(2024, 1, 1)),
    assess_targets(load_example(), year=2024),
]
sys.stdout.write("\\n".join(r.model_dump_json() for r in out))
"""


def test_decision_json_is_byte_identical_across_processes_and_hash_seeds():
    outputs = {}
    for seed in ("0", "1", "4242", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr.decode()
        outputs[seed] = r.stdout
    assert len(set(outputs.values())) == 1, "the JSON of a decision depends on the process or the hash seed"
    assert outputs["0"].startswith(rate_park(example_park(), as_of=ON).model_dump_json().encode())  # and this one


# ------------------------------------------------------------------ threads


def _variants() -> list[dict[str, str]]:
    out: list[dict[str, str]] = [{}]
    out += [{MAX_INTENSITY: f"0.{i:02d}"} for i in range(30, 80)]
    out += [{RD_THREE_STAR: f"2.{i}"} for i in range(10)]
    out += [{"dp.row1_scale": c} for c in ("three_star_unset", "merged_three_four", "merged_four_five")]
    return out  # more than WHAT_IF_CACHE distinct what-ifs: the cache evicts while the threads use it


def _run(overrides: dict[str, str]) -> str:
    a = green_channel(GREEN, as_of=ON, overrides=overrides if MAX_INTENSITY in overrides else None)
    b = rate_park(example_park(), as_of=ON, overrides=overrides if MAX_INTENSITY not in overrides else None)
    return a.model_dump_json() + b.model_dump_json()


def test_threads_with_different_overrides_agree_with_one_thread():
    variants = _variants()
    assert len(variants) > WHAT_IF_CACHE
    single = [_run(v) for v in variants]
    jobs = variants * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(_run, jobs))
    assert threaded == single * 4


def test_threads_on_a_revised_rulebook_on_different_days_agree(revised):
    rb, _ = revised
    days = [date(2025, 12, 30), date(2026, 1, 1), date(2024, 6, 30), date(2027, 3, 1)] * 10
    park = example_park()

    def run(day: date) -> str:
        return rate_park(park, as_of=day, rulebook=rb).model_dump_json()

    single = [run(d) for d in days]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(run, days)) == single


# ------------------------------------------------------------------ memory


def _rulebooks() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Rulebook))


def test_ten_thousand_distinct_what_ifs_keep_memory_bounded():
    start = time.perf_counter()
    base = _rulebooks()
    counts = []
    for i in range(10_000):
        r = green_channel(GREEN, as_of=ON, overrides={MAX_INTENSITY: f"0.{i:05d}1"})
        assert r.overrides[MAX_INTENSITY] == f"0.{i:05d}1".rstrip("0")
        if i % 1000 == 999:
            counts.append(_rulebooks() - base)
    assert max(counts) <= WHAT_IF_CACHE + 2, counts  # the what-if cache, and nothing else, keeps rulebooks
    assert time.perf_counter() - start < 60
