"""The appraising units of the shipped 2024 frameworks are those of the 2024 plan's annex 02
(as ../shared/domain.md gives it); where the annex names none, the file's unit is a guess and
says so."""

import pytest

from dti.core.demo import DATA_DIR
from dti.frameworks.files import read_framework_path

# Annex 02 of the 2024 plan: per appraising unit, the indicator codes it follows and appraises
# at city level (the department framework) and at district level.
ANNEX_02 = {
    "hanoi-2024-department.yaml": {
        "VPUB": ["2.4", "6.6–6.12", "8.5–8.7"],
        "SNV": ["8.1", "8.3"],
        "SCT": ["7.1", "7.3"],
        "SKHDT": ["6.14"],
        "STC": ["6.14"],
        "STTTT": [
            "1.1–1.5",
            "2.1–2.3",
            "3.1–3.2",
            "4.1–4.4",
            "5.1–5.8",
            "6.1–6.5",
            "6.13",
            "7.1",
            "8.2",
            "9.1–9.2",
        ],
        "SYT": ["8.4"],
    },
    "hanoi-2024-district.yaml": {
        "VPUB": ["2.3", "3.6", "6.2–6.9", "8.7"],
        "SGDDT": ["4.8"],
        "SKHDT": ["6.10", "7.5", "8.9"],
        "SLDTBXH": ["4.7", "8.8"],
        "STC": ["6.10", "7.6", "8.10"],
        "STTTT": [
            "1.1–1.7",
            "2.1–2.2",
            "3.1–3.6",
            "4.1–4.6",
            "5.1–5.8",
            "6.1",
            "7.4",
            "8.2–8.3",
            "9.1–9.2",
        ],
        "SYT": ["8.5–8.6"],
        "CATP": ["8.1"],
        "CTHUE": ["7.2"],
        "NHNN": ["8.4"],
    },
}


def expand(code_range: str) -> list[str]:
    """ "6.6–6.12" → 6.6, 6.7, …, 6.12 (codes of one group)."""
    first, _dash, last = code_range.partition("–")
    group, start = first.split(".")
    end = last.split(".")[1] if last else start
    return [f"{group}.{number}" for number in range(int(start), int(end) + 1)]


def units_by_indicator(annex: dict[str, list[str]]) -> dict[str, set[str]]:
    units: dict[str, set[str]] = {}
    for unit, ranges in annex.items():
        for code_range in ranges:
            for code in expand(code_range):
                units.setdefault(code, set()).add(unit)
    return units


def test_the_range_helper_expands_codes_of_two_digits():
    assert expand("6.6–6.12") == ["6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12"]
    assert expand("8.4") == ["8.4"]


@pytest.mark.parametrize("name", sorted(ANNEX_02))
def test_every_indicators_appraising_units_follow_annex_02(name):
    annex = units_by_indicator(ANNEX_02[name])
    document = read_framework_path(DATA_DIR / name)
    indicators = {
        item["code"]: item for group in document["groups"] for item in group["indicators"]
    }
    assert set(annex) <= set(indicators), "the annex names codes the file does not have"
    for code, item in indicators.items():
        units = set(item.get("appraising_units") or [])
        unconfirmed = set(item.get("unconfirmed") or [])
        if code in annex:
            assert units == annex[code], f"{name} {code}"
            assert "appraising_units" not in unconfirmed, f"{name} {code}: the annex confirms it"
        else:
            assert "appraising_units" in unconfirmed, f"{name} {code}: a guess must say so"
