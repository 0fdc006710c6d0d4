"""The staff page, server-side: forms post without JavaScript, the answer comes back with its reasons."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

pytest.importorskip("fastapi")

from zjpolicy.api.examples import rule_examples
from zjpolicy.api.forms import GREEN_FORM, LAND_FORM, PARK_FORM, form_inputs, form_values
from zjpolicy.api.links import clause_url
from zjpolicy.api.page import _example_values


class Page(HTMLParser):
    """The ids, links, scripts and external resources of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str | None]] = {}
        self.links: list[str] = []
        self.external: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[str(a["id"])] = a
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        for key in ("src", "href"):
            v = a.get(key) or ""
            if tag in ("script", "link", "img") and re.match(r"(https?:)?//", v):
                self.external.append(v)


def test_the_empty_form(client: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Page(r.text)
    assert {"rule-form", "f-cnc_rate", "f-energy_per_value_added.value", "f-as_of", "submit"} <= set(page.ids)
    assert page.external == [] and "<script" not in r.text, "no CDN, no framework"
    assert 'lang="zh-CN"' in r.text and "示范园区星级评价" in r.text
    assert r.headers["x-zjpolicy-digest"] in r.text, "the digest is in the body too"


def test_the_example_fills_the_form(client: Any) -> None:
    page = Page(client.get("/", params={"example": "example-park"}).text)
    assert page.ids["f-cnc_rate"]["value"] == "66.5%"
    assert client.get("/", params={"example": "no-such-park"}).status_code == 404


def test_rate_a_park(client: Any) -> None:
    r = client.post("/staff/park", data=_example_values(PARK_FORM))
    assert r.status_code == 200
    page = Page(r.text)
    assert page.ids["stars"]["data-stars"] == "4" and "四星级园区" in r.text
    rubric = r.text[r.text.index('id="rubric"') :]
    rubric = rubric[: rubric.index("</table>")]
    assert "三星级" in rubric and "四星级" in rubric and "五星级" in rubric
    assert rubric.count("✓") > 20 and rubric.count("✗") == 9, "rows 1–9 fail five stars; 10–11 pass"
    assert "gaps" in page.ids and "+380 亿元" in r.text, "the gap to five stars"
    assert clause_url("/docs/", "dp.3.2.row02_cnc_rate") in page.links
    assert any(link.startswith("/docs/readings/#reading-dp-row1_scale") for link in page.links)
    assert r.headers["x-zjpolicy-digest"] in r.text


def test_the_vetoed_park(client: Any) -> None:
    values = form_values(PARK_FORM, json.loads(json.dumps(_vetoed()))) | {"as_of": "2024-06-30"}
    r = client.post("/staff/park", data=values)
    page = Page(r.text)
    assert page.ids["stars"]["data-stars"] == "0" and "veto" in page.ids and "一票否决" in r.text


def _vetoed() -> dict[str, Any]:
    from zjpolicy.api.examples import example_park_data

    return example_park_data("vetoed-park")


def test_the_download_is_the_decision_and_replays(client: Any) -> None:
    r = client.post("/staff/park", data=_example_values(PARK_FORM))
    href = Page(r.text).ids["download"]["href"] or ""
    stored = json.loads(base64.b64decode(href.split(",", 1)[1]))
    assert stored["rule"] == "rubric.rate_park" and stored["stars"] == 4
    replayed = client.post("/staff/replay", files={"file": ("decision.json", json.dumps(stored).encode())})
    assert Page(replayed.text).ids["stands"]["data-stands"] == "true"
    stored["stars"] = 3
    differs = client.post("/staff/replay", data={"stored": json.dumps(stored)})
    assert Page(differs.text).ids["stands"]["data-stands"] == "false" and "differences" in Page(differs.text).ids


def test_bad_input_shows_field_unit_and_clause(client: Any) -> None:
    values = _example_values(PARK_FORM) | {"manufacturing_revenue": "620 kg"}
    r = client.post("/staff/park", data=values)
    assert r.status_code == 422
    problems = r.text[r.text.index('id="problems"') :]
    assert (
        "manufacturing_revenue" in problems and "亿元" in problems and "dp.3.2.row01_manufacturing_revenue" in problems
    )
    assert 'class="bad"><label for="f-manufacturing_revenue"' in r.text, "the field is marked"
    assert 'value="620 kg"' in r.text, "and the form keeps what was typed"


def test_green_channel_and_land_share(client: Any) -> None:
    r = client.post("/staff/green-channel", data=_example_values(GREEN_FORM))
    assert Page(r.text).ids["verdict"]["data-ok"] == "true" and "可走节能审查绿色通道" in r.text
    r = client.post("/staff/green-channel", data=_example_values(GREEN_FORM) | {"value_added": "1 亿元"})
    assert Page(r.text).ids["verdict"]["data-ok"] == "false"
    r = client.post("/staff/land-share", data=_example_values(LAND_FORM))
    assert Page(r.text).ids["verdict"]["data-ok"] == "true" and "工业用地比例" in r.text
    parcels = {"year": "2024", "industrial_parcels": "20", "total_parcels": "100", "go.land_share_measure": "parcels"}
    r = client.post("/staff/land-share", data=parcels)
    assert Page(r.text).ids["verdict"]["data-ok"] == "false" and "按宗数" in r.text
    assert client.get("/staff/green-channel", params={"example": "1"}).status_code == 200


def test_upload_a_table_on_the_page(client: Any) -> None:
    csv = (
        "energy_use,value_added,new_project,dual_control\n5200 tce,1.2 亿元,true,on-track\n9 kg,1 亿元,true,on-track\n"
    )
    r = client.post("/staff/upload", files={"file": ("p.csv", csv.encode())}, data={"kind": "green-channel"})
    assert r.status_code == 200
    page = Page(r.text)
    assert {"summary", "batch", "batch-errors"} <= set(page.ids) and "2 行" in r.text
    assert client.post("/staff/upload", data={"kind": "green-channel"}).status_code == 422
    assert (
        client.post("/staff/upload", files={"file": ("p.csv", csv.encode())}, data={"kind": "nope"}).status_code == 422
    )


def test_the_form_round_trips_a_rule_input() -> None:
    for form in (PARK_FORM, GREEN_FORM, LAND_FORM):
        inputs = rule_examples()[form.rule]["inputs"]
        back, _ = form_inputs(form, form_values(form, inputs))
        for k, v in back.items():
            assert str(v) == str(inputs[k]) or isinstance(v, dict | list), (form.rule, k)


def test_a_query_string_rates_a_park_without_javascript(client: Any) -> None:
    r = client.get("/staff/park", params=_example_values(PARK_FORM))
    assert Page(r.text).ids["stars"]["data-stars"] == "4"
    assert "rule-form" in Page(client.get("/staff/park").text).ids
