"""Frameworks: public, except drafts."""

from django.utils.translation import gettext as _
from ninja import Router

from ..errors import ApiProblem
from ..schemas import ErrorOut, FrameworkDetail, FrameworkSummary
from ..selectors import framework_detail, framework_summary, public_frameworks
from .params import ObjectId

router = Router(tags=["frameworks"])


@router.get("", response=list[FrameworkSummary], summary="Frameworks in use or retired")
def list_frameworks(request):
    return [framework_summary(framework) for framework in public_frameworks()]


@router.get(
    "/{framework_id}",
    response={200: FrameworkDetail, 404: ErrorOut, 422: ErrorOut},
    summary="A framework's groups and indicators, with rules and typed inputs",
)
def get_framework(request, framework_id: ObjectId):
    detail = framework_detail(framework_id)
    if detail is None:
        raise ApiProblem(404, _("There is no published framework %(id)s.") % {"id": framework_id})
    return detail
