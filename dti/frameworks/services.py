"""Loading and exporting frameworks (all-or-nothing, versioned)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from dti.agencies.permissions import require
from dti.audit.services import record
from dti.scoring.messages import _
from dti.scoring.numbers import POINTS_QUANTUM
from dti.scoring.spec import Problems

from .document import check_document, plain
from .models import Framework, Group, Indicator, SubCriterion


class FrameworkLoadError(Exception):
    """The document was not loaded; ``problems`` says why (each with its path)."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("\n".join(problem.render() for problem in problems))


def load_framework(document: Any, *, update: bool = False, by=None) -> Framework:
    """Validate and store a framework document in one transaction, audited.

    A document whose code and version already exist is refused unless ``update`` is true; an
    update replaces the framework's content in place (indicators keep their identity by code),
    and fails as a whole if it would remove an indicator that assessments already use. ``by``
    is the coordinator who imported it, None on the command line and for the demo.
    """
    if by is not None:
        require(by, "framework.manage")
    canonical, problems = check_document(document)
    if problems:
        raise FrameworkLoadError(problems)
    existing = Framework.objects.filter(
        code=canonical["code"], version=canonical["version"]
    ).first()
    if existing is not None and not update:
        problems.add(
            "version",
            _(
                "Framework {code} version {version} is already loaded; load "
                "it as an explicit update or raise the version."
            ),
            code=canonical["code"],
            version=canonical["version"],
        )
        raise FrameworkLoadError(problems)
    with transaction.atomic():
        before = _content_counts(existing) if existing is not None else None
        framework = existing or Framework(code=canonical["code"], version=canonical["version"])
        _apply_framework_fields(framework, canonical)
        framework.save()
        _store_groups(framework, canonical["groups"])
        if existing is not None:
            touch_framework(framework)
        record(
            by,
            "framework.update" if existing is not None else "framework.load",
            framework,
            before=before,
            after=_content_counts(framework),
        )
    return framework


def _content_counts(framework: Framework) -> dict[str, Any]:
    """What the audit trail keeps of a framework's content: its identity and its size."""
    return {
        "code": framework.code,
        "version": framework.version,
        "max_points": Decimal(framework.max_points).quantize(POINTS_QUANTUM),
        "groups": framework.groups.count(),
        "indicators": framework.indicators.count(),
        "sub_criteria": SubCriterion.objects.filter(indicator__framework=framework).count(),
    }


def touch_framework(framework: Framework) -> None:
    """Record that the framework's content changed (invalidates cached definitions)."""
    framework.content_token = uuid.uuid4()
    Framework.objects.filter(pk=framework.pk).update(content_token=framework.content_token)


def _apply_framework_fields(framework: Framework, document: dict) -> None:
    reference = document["legal_reference"]
    framework.year = document["year"]
    framework.tier = document["tier"]
    framework.title_vi = document["title"]["vi"]
    framework.title_en = document["title"]["en"]
    framework.legal_reference = reference["number"]
    framework.legal_reference_date = reference["date"]
    framework.issuer = reference["issuer"]
    framework.status = document["status"]
    framework.max_points = document["max_points"]
    framework.source_confirmed = document["source_confirmed"]
    framework.source_note = document["source_note"]


def _store_groups(framework: Framework, groups: list[dict]) -> None:
    existing_groups = {group.code: group for group in framework.groups.all()}
    existing_indicators = {item.code: item for item in framework.indicators.all()}
    kept_indicators: set[str] = set()
    position = 0  # indicators are ordered across the whole framework, group after group
    for group_order, group_data in enumerate(groups):
        group = existing_groups.pop(group_data["code"], None) or Group(framework=framework)
        group.code = group_data["code"]
        group.name_vi, group.name_en = group_data["name"]["vi"], group_data["name"]["en"]
        group.max_points = group_data["max_points"]
        group.order = group_order
        group.source_confirmed = group_data["source_confirmed"]
        group.unconfirmed = group_data["unconfirmed"]
        group.save()
        for data in group_data["indicators"]:
            position += 1
            indicator = existing_indicators.get(data["code"]) or Indicator(framework=framework)
            _apply_indicator_fields(indicator, data, group, position)
            indicator.save()
            kept_indicators.add(data["code"])
            _store_criteria(indicator, data["criteria"])
    removed = [item for code, item in existing_indicators.items() if code not in kept_indicators]
    try:
        for indicator in removed:
            indicator.delete()
        for group in existing_groups.values():
            group.delete()
    except ProtectedError:
        problems = Problems()
        problems.add(
            "groups",
            _(
                "The update would remove indicators that assessments already "
                "use ({codes}); keep them or load a new version."
            ),
            codes=", ".join(item.code for item in removed),
        )
        raise FrameworkLoadError(problems) from None


def _apply_indicator_fields(indicator: Indicator, data: dict, group: Group, order: int) -> None:
    indicator.group = group
    indicator.order = order
    indicator.code = data["code"]
    indicator.name_vi, indicator.name_en = data["name"]["vi"], data["name"]["en"]
    indicator.description_vi = data["description"]["vi"]
    indicator.description_en = data["description"]["en"]
    indicator.max_points = data["max_points"]
    for field in ("rule", "inputs", "constraints", "deductions", "bonuses", "examples"):
        setattr(indicator, field, _json_ready(data[field]))
    indicator.evidence_required = data["evidence"]["required"]
    indicator.evidence_vi = data["evidence"]["description"]["vi"]
    indicator.evidence_en = data["evidence"]["description"]["en"]
    indicator.data_source_vi = data["data_source"]["vi"]
    indicator.data_source_en = data["data_source"]["en"]
    indicator.appraising_units = data["appraising_units"]
    indicator.applies_to = data["applies_to"]
    indicator.may_be_not_applicable = data["may_be_not_applicable"]
    indicator.measurement = data["measurement"]
    indicator.source_confirmed = data["source_confirmed"]
    indicator.unconfirmed = data["unconfirmed"]


def _store_criteria(indicator: Indicator, criteria: list[dict]) -> None:
    indicator.criteria.all().delete()
    SubCriterion.objects.bulk_create(
        SubCriterion(
            indicator=indicator,
            code=item["code"],
            name_vi=item["name"]["vi"],
            name_en=item["name"]["en"],
            max_points=Decimal(str(item["max_points"])),
            rule=_json_ready(item["rule"]),
            order=order,
        )
        for order, item in enumerate(criteria)
    )


def _json_ready(value: Any) -> Any:
    """Decimals as JSON numbers (int when whole) so the JSON fields hold plain data."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def framework_document(framework: Framework) -> dict:
    """The framework as a canonical document (what the YAML and Excel exports write)."""
    groups = framework.groups.prefetch_related("indicators__criteria").order_by("order")
    return {
        "code": framework.code,
        "version": framework.version,
        "year": framework.year,
        "tier": framework.tier,
        "title": {"vi": framework.title_vi, "en": framework.title_en},
        "legal_reference": {
            "number": framework.legal_reference,
            "date": framework.legal_reference_date,
            "issuer": framework.issuer,
        },
        "status": framework.status,
        "max_points": framework.max_points,
        "source_confirmed": framework.source_confirmed,
        "source_note": framework.source_note,
        "groups": [
            {
                "code": group.code,
                "name": {"vi": group.name_vi, "en": group.name_en},
                "max_points": group.max_points,
                "source_confirmed": group.source_confirmed,
                "unconfirmed": list(group.unconfirmed),
                "indicators": [_indicator_document(item) for item in group.indicators.all()],
            }
            for group in groups
        ],
    }


def _indicator_document(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": {"vi": indicator.name_vi, "en": indicator.name_en},
        "description": {"vi": indicator.description_vi, "en": indicator.description_en},
        "max_points": indicator.max_points,
        "rule": plain(indicator.rule),
        "inputs": plain(indicator.inputs),
        "constraints": plain(indicator.constraints),
        "deductions": plain(indicator.deductions),
        "bonuses": plain(indicator.bonuses),
        "criteria": [
            {
                "code": item.code,
                "name": {"vi": item.name_vi, "en": item.name_en},
                "max_points": item.max_points,
                "rule": plain(item.rule),
            }
            for item in indicator.criteria.all()
        ],
        "evidence": {
            "required": indicator.evidence_required,
            "description": {"vi": indicator.evidence_vi, "en": indicator.evidence_en},
        },
        "data_source": {"vi": indicator.data_source_vi, "en": indicator.data_source_en},
        "appraising_units": list(indicator.appraising_units),
        "applies_to": indicator.applies_to,
        "may_be_not_applicable": indicator.may_be_not_applicable,
        "measurement": indicator.measurement,
        "source_confirmed": indicator.source_confirmed,
        "unconfirmed": list(indicator.unconfirmed),
        "examples": plain(indicator.examples),
    }
