"""Loading a mapping file stores it in one go and replaces the mapping of the same pair."""

import io

import pytest
from django.core.management import CommandError, call_command

from dti.audit.models import AuditEvent
from dti.frameworks.models import FrameworkMapping, IndicatorMapping
from tests.frameworks.mapping_helpers import VALID, two_versions, write

pytestmark = pytest.mark.django_db


def pairs(mapping) -> dict[str, str]:
    return {
        item.target.code: item.source.code
        for item in IndicatorMapping.objects.filter(mapping=mapping).select_related(
            "source", "target"
        )
    }


def test_loading_stores_each_later_indicator_with_its_predecessor(tmp_path):
    earlier, later = two_versions()
    output = io.StringIO()
    call_command("load_mapping", str(write(tmp_path, VALID)), stdout=output)
    mapping = FrameworkMapping.objects.get()
    assert (mapping.source, mapping.target) == (earlier, later)
    assert mapping.note == "Giả định làm việc."
    assert pairs(mapping) == {"1.1": "1.1", "1.2": "1.2", "2.2": "2.1"}
    assert "Loaded the mapping TEST-SMALL v1 → TEST-SMALL v2 (3 indicators)" in output.getvalue()


def test_loading_the_same_pair_again_replaces_the_mapping_and_is_audited(tmp_path):
    two_versions()
    call_command("load_mapping", str(write(tmp_path, VALID)), stdout=io.StringIO())
    first = FrameworkMapping.objects.get()
    replacement = VALID.replace('  "2.2": "2.1"\n', "").replace("Giả định", "Đã đối chiếu")
    output = io.StringIO()
    call_command("load_mapping", str(write(tmp_path, replacement, "v2.yaml")), stdout=output)
    mapping = FrameworkMapping.objects.get()
    assert mapping.pk == first.pk
    assert mapping.note == "Đã đối chiếu làm việc."
    assert pairs(mapping) == {"1.1": "1.1", "1.2": "1.2"}
    assert output.getvalue().startswith("Replaced the mapping")
    last = AuditEvent.objects.filter(action="framework.mapping_load").order_by("-id").first()
    assert last.before["indicators"] == {"1.1": "1.1", "1.2": "1.2", "2.2": "2.1"}
    assert last.after["indicators"] == {"1.1": "1.1", "1.2": "1.2"}
    assert last.after["source_confirmed"] is False


def test_a_file_with_a_problem_leaves_the_loaded_mapping_as_it_was(tmp_path):
    two_versions()
    call_command("load_mapping", str(write(tmp_path, VALID)), stdout=io.StringIO())
    broken = VALID + '  "9.9": "1.1"\n'
    with pytest.raises(CommandError):
        call_command("load_mapping", str(write(tmp_path, broken, "broken.yaml")))
    assert pairs(FrameworkMapping.objects.get()) == {"1.1": "1.1", "1.2": "1.2", "2.2": "2.1"}


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("load_mapping", str(tmp_path / "missing.yaml"))
    assert "missing.yaml" in str(refused.value)
