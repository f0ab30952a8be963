"""The shipped 2024 → 2025 department mapping validates and loads against the shipped
frameworks, and says that it is a working assumption."""

import pytest
import yaml

from dti.core.demo import load_agency_lists, load_shipped_frameworks
from dti.frameworks.mapping_format import MAPPINGS_DIR, load_shipped_mappings
from dti.frameworks.models import Framework, FrameworkMapping, IndicatorMapping

pytestmark = pytest.mark.django_db

SHIPPED = MAPPINGS_DIR / "2024-2025-department.yaml"


def test_the_shipped_mapping_is_marked_as_an_unconfirmed_working_assumption():
    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert document["source_confirmed"] is False
    assert "Giả định làm việc" in document["note"]
    assert "working assumption" in document["note"].lower()


def test_the_shipped_mapping_loads_against_the_shipped_frameworks_once():
    load_agency_lists()
    load_shipped_frameworks()
    assert load_shipped_mappings() == ["HN-DTI-2024-SO v1 → HN-DTI-2025-SO v1"]
    assert load_shipped_mappings() == []  # a second run changes nothing
    mapping = FrameworkMapping.objects.get()
    later = Framework.objects.get(code="HN-DTI-2025-SO", version=1)
    mapped = set(
        IndicatorMapping.objects.filter(mapping=mapping).values_list("target__code", flat=True)
    )
    all_later = set(later.indicators.values_list("code", flat=True))
    assert len(mapped) == 31
    # Indicators new in 2025 have no predecessor and stay "not comparable".
    assert all_later - mapped == {"2.3", "4.3", "6.6"}
    assert IndicatorMapping.objects.get(mapping=mapping, target__code="6.10").source.code == "6.13"
