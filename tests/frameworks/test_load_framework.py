import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Framework, Indicator
from dti.frameworks.services import FrameworkLoadError, load_framework
from dti.scoring import ResponseData, score_assessment
from tests.frameworks.helpers import SMALL, broken_document, small_document, write_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_loading_stores_the_whole_tree():
    framework = load_framework(small_document())
    assert (framework.code, framework.version, framework.tier) == ("TEST-SMALL", 1, "department")
    assert [group.code for group in framework.groups.order_by("order")] == ["1", "2"]
    indicator = framework.indicators.get(code="2.1")
    assert [criterion.code for criterion in indicator.criteria.all()] == ["a", "b"]
    assert indicator.may_be_not_applicable is True
    assert framework.indicators.get(code="2.2").applies_to == "digital_economy"


def test_a_broken_file_stores_nothing(tmp_path):
    path = write_document(tmp_path, broken_document())
    with pytest.raises(CommandError):
        call_command("load_framework", str(path))
    assert Framework.objects.count() == 0
    assert Indicator.objects.count() == 0


def test_loading_the_same_version_twice_is_refused(capsys):
    call_command("load_framework", str(SMALL))
    with pytest.raises(CommandError) as raised:
        call_command("load_framework", str(SMALL))
    assert "version 1 is already loaded" in str(raised.value)
    assert Framework.objects.count() == 1


def test_an_explicit_update_replaces_the_content_in_place(tmp_path):
    framework = load_framework(small_document())
    first_content = framework.content_token
    indicator_id = framework.indicators.get(code="1.1").pk
    document = small_document()
    document["groups"][0]["indicators"][0]["name"] = {"vi": "Tên mới", "en": "New name"}
    call_command("load_framework", str(write_document(tmp_path, document)), "--update")
    framework.refresh_from_db()
    renamed = framework.indicators.get(code="1.1")
    assert renamed.pk == indicator_id
    assert renamed.name_vi == "Tên mới"
    assert framework.content_token != first_content


def test_the_engine_definition_follows_an_update():
    framework = load_framework(small_document())
    assert framework_definition(framework).indicator("1.1").max_points == 20
    document = small_document()
    document["groups"][0]["indicators"][0]["max_points"] = 25
    document["groups"][0]["indicators"][1]["max_points"] = 5
    document["groups"][0]["indicators"][1]["examples"] = []
    framework = load_framework(document, update=True)
    assert framework_definition(framework).indicator("1.1").max_points == 25


def test_a_loaded_framework_scores_through_the_engine():
    framework = load_framework(small_document())
    definition = framework_definition(framework)
    score = score_assessment(
        definition,
        {
            "1.1": ResponseData({"meetings": 4}),
            "1.2": ResponseData({"chaired": 1, "total": 2}),
            "2.1": ResponseData({"plan": True, "drills": 0}),
        },
    )
    # 20 + 5 + 6 of 20 + 10 + 10 (2.2 needs the digital_economy flag)
    assert (score.points, score.max_points) == (31, 40)


def test_load_error_lists_problems_with_paths():
    with pytest.raises(FrameworkLoadError) as raised:
        load_framework(broken_document())
    paths = {problem.path for problem in raised.value.problems}
    assert "groups[0].indicators[1].rule.type" in paths
    assert "groups[0].max_points" in paths
