"""A framework whose indicator 2.1 has a sub-criterion that may not apply, which lowers the
indicator's applicable maximum (the live preview and the page show it)."""

from dti.frameworks.services import load_framework
from tests.frameworks.helpers import small_document


def framework_with_a_sub_criterion_that_may_not_apply():
    """2.1 = plan (6 points) + drills per planned drill (4 points, not applicable when no
    drill was planned)."""
    document = small_document()
    indicator = document["groups"][1]["indicators"][0]
    indicator["inputs"].append({"code": "planned", "type": "integer", "label": "Số lần dự kiến"})
    indicator["criteria"][1]["rule"] = {
        "type": "ratio",
        "numerator": "drills",
        "denominator": "planned",
        "if_denominator_zero": "not_applicable",
    }
    indicator["constraints"] = ["drills <= planned"]
    indicator["examples"] = [{"inputs": {"plan": True, "drills": 0, "planned": 0}, "points": 6}]
    return load_framework(document)
