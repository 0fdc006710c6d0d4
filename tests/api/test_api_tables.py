"""Table uploads: CSV and Parquet through the batch functions, bad rows collected, CSV out."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

pytest.importorskip("fastapi")
pd = pytest.importorskip("pandas")

from zjpolicy.api.examples import rule_examples  # noqa: E402
from zjpolicy.api.tables import parse_overrides  # noqa: E402

PROJECTS = "energy_use,value_added,new_project,dual_control\n5200 tce,1.2 亿元,true,on-track\n5200 tce,1 亿元,true,on-track\n900 kg,1 亿元,true,on-track\n"


def park_rows() -> pd.DataFrame:
    park = rule_examples()["rubric.rate_park"]["inputs"]
    flat = {k: v for k, v in park.items() if not isinstance(v, dict | list)}
    flat |= {f"energy_per_value_added.{k}": v for k, v in park["energy_per_value_added"].items()}
    flat |= {f"pollutant_per_value_added.{k}": v for k, v in park["pollutant_per_value_added"].items()}
    weaker = flat | {"name": "乙园区", "cnc_rate": "61%"}
    return pd.DataFrame([flat, weaker])


def upload(client: Any, kind: str, name: str, data: bytes, **form: str) -> Any:
    return client.post(f"/batch/{kind}", files={"file": (name, data)}, data=form)


def test_a_csv_of_projects(client: Any) -> None:
    r = upload(client, "green-channel", "projects.csv", PROJECTS.encode(), as_of="2024-01-01")
    assert r.status_code == 200, r.text[:500]
    body = r.json()
    assert body["rows"] == 3 and [row["eligible"] for row in body["results"]] == [True, False, None]
    assert [e["index"] for e in body["errors"]] == [2] and body["errors"][0]["field"] == "energy_use"
    assert body["summary"]["errors"] == 1
    assert body["audit"]["rule"] == "land_energy.green_channel"
    assert r.headers["x-zjpolicy-digest"] == body["digest"] == body["audit"]["parameters_digest"]


def test_a_parquet_of_parks(client: Any) -> None:
    buf = io.BytesIO()
    park_rows().astype(str).to_parquet(buf, index=False)
    r = upload(client, "rate-parks", "parks.parquet", buf.getvalue(), as_of="2024-06-30")
    assert r.status_code == 200, r.text[:500]
    assert [row["stars"] for row in r.json()["results"]] == [4, 3]


def test_csv_out_is_the_input_then_the_verdicts(client: Any) -> None:
    r = upload(client, "green-channel", "p.csv", PROJECTS.encode(), as_of="2024-01-01", output="csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    out = pd.read_csv(io.StringIO(r.text))
    assert list(out.columns[:4]) == ["energy_use", "value_added", "new_project", "dual_control"]
    assert "eligible" in out.columns and len(out) == 3


def test_overrides_and_targets(client: Any) -> None:
    r = upload(
        client,
        "green-channel",
        "p.csv",
        PROJECTS.encode(),
        as_of="2024-01-01",
        overrides="go.10.3.green_channel.max_intensity=0.53",
    )
    assert [row["eligible"] for row in r.json()["results"]][:2] == [True, True]
    csv = "region,year,indicator,value\n某市,2024,go.8.4.mountain_industrial_value_added,2010 亿元\n"
    r = upload(client, "targets", "t.csv", csv.encode(), year="2024")
    assert r.status_code == 200 and r.json()["results"][0]["region"] == "某市"


def test_bad_uploads_are_422(client: Any) -> None:
    assert upload(client, "green-channel", "p.pdf", b"%PDF").status_code == 422
    assert upload(client, "green-channel", "p.csv", b"").status_code == 422
    assert upload(client, "green-channel", "p.parquet", b"not parquet").status_code == 422
    r = upload(client, "green-channel", "p.csv", b"colour,size\nred,3\n")
    assert r.status_code == 422 and "no column is an input" in r.json()["message"]
    assert upload(client, "green-channel", "p.csv", PROJECTS.encode(), as_of="soon").status_code == 422
    assert upload(client, "green-channel", "p.csv", PROJECTS.encode(), output="xml").status_code == 422
    assert upload(client, "targets", "t.csv", b"region,year\n", year="20x4").status_code == 422
    r = client.post("/batch/green-channel", data={"as_of": "2024-01-01"})  # no file
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "file"


def test_parse_overrides() -> None:
    assert parse_overrides("a=1\n\n b = x \n") == {"a": "1", "b": "x"}
    assert parse_overrides(json.dumps({"a": 0.5})) == {"a": "0.5"}
    assert parse_overrides("  ") is None
    with pytest.raises(ValueError):
        parse_overrides("a")
    with pytest.raises(ValueError):
        parse_overrides("[1]")
