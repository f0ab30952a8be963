"""The frameworks and agency lists that ship with the platform load and match the sources."""

import pytest

from dti.agencies.importing import import_agencies_path
from dti.agencies.models import Agency, Tier
from dti.core.demo import DATA_DIR
from dti.frameworks.files import read_framework_path
from dti.frameworks.services import load_framework

# (file, groups, indicators per group) as domain.md and the 2024 plan's annex 02 give them.
SHIPPED = [
    ("hanoi-2025-department.yaml", [3, 4, 2, 3, 5, 11, 1, 3, 2]),
    ("hanoi-2025-commune.yaml", [5, 3, 5, 6, 4, 10, 6, 8]),
    ("hanoi-2024-department.yaml", [5, 4, 2, 4, 8, 14, 3, 7, 2]),
    ("hanoi-2024-district.yaml", [7, 3, 6, 8, 8, 10, 6, 10, 2]),
]


@pytest.mark.parametrize(("name", "counts"), SHIPPED)
def test_shipped_framework_is_valid_with_the_published_structure(name, counts):
    document = read_framework_path(DATA_DIR / name)
    assert [len(group["indicators"]) for group in document["groups"]] == counts
    assert document["source_confirmed"] is False
    unconfirmed = [
        item
        for group in document["groups"]
        for item in group["indicators"]
        if not item["source_confirmed"]
    ]
    assert unconfirmed, "details the sources do not give must be marked unconfirmed"


def test_the_2025_department_digital_economy_indicator_applies_by_flag():
    document = read_framework_path(DATA_DIR / "hanoi-2025-department.yaml")
    group_seven = document["groups"][6]["indicators"]
    assert [item["applies_to"] for item in group_seven] == ["digital_economy"]


@pytest.mark.django_db
def test_shipped_agency_lists_and_frameworks_load():
    for year in (2024, 2025):
        import_agencies_path(DATA_DIR / f"agencies-{year}.csv")
    for name, _counts in SHIPPED:
        load_framework(read_framework_path(DATA_DIR / name))
    departments_2025 = [
        agency
        for agency in Agency.objects.filter(tier=Tier.DEPARTMENT, is_assessed=True)
        if agency.is_active_in(2025)
    ]
    communes = Agency.objects.filter(tier=Tier.COMMUNE)
    districts = Agency.objects.filter(tier=Tier.DISTRICT)
    assert len(departments_2025) == 17
    assert sum("digital_economy" in agency.flags_in(2025) for agency in departments_2025) == 8
    assert communes.count() == 126
    assert districts.count() == 30
    assert all(not agency.is_active_in(2025) for agency in districts)


def texts(node, path=""):
    """Every (YAML path, text) of a framework document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("name", [name for name, _counts in SHIPPED])
def test_no_shipped_text_is_a_bare_language_code(name):
    document = read_framework_path(DATA_DIR / name)
    bare = [path for path, text in texts(document) if text.strip() in {"vi", "en"}]
    assert bare == []
