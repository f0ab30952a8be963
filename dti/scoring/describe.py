"""A rule explained in words, for the framework pages and the self-assessment form.

Inputs are named by their labels, not their codes: a formula reads
"min(«Số người được đào tạo» / «Tổng số cán bộ» × 100; 100) × 0,3".
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Mapping
from decimal import Decimal

from .expressions import Expression
from .inputs import Constraint, InputSpec
from .messages import LocalText, Message, Renderer, _
from .model import IndicatorDef
from .rules import (
    Adjustment,
    BooleanRule,
    ChoiceRule,
    FormulaRule,
    ManualRule,
    RatioRule,
    Rule,
    StepsRule,
    describe_band,
)

# The agency flags indicators may depend on (``applies_to``), by what they mean.
FLAG_NAMES = {"digital_economy": _("Digital-economy tasks")}

_ZERO_OUTCOMES = {
    "full": _("full points"),
    "zero": _("0 points"),
    "not_applicable": _("the indicator does not apply"),
}


def describe_indicator(indicator: IndicatorDef, renderer: Renderer | None = None) -> list[str]:
    """Sentences that explain how the indicator is scored, rule first, then adjustments."""
    renderer = renderer or Renderer()
    labels = {spec.code: spec.label for spec in indicator.inputs}
    lines = [
        message.render(renderer)
        for message in _rule_messages(indicator.rule, indicator.max_points, labels, renderer)
    ]
    lines.extend(
        _adjustment(item, labels, _("{label}: minus {each} points each"), renderer)
        for item in indicator.deductions
    )
    lines.extend(
        _adjustment(item, labels, _("{label}: plus {each} points each"), renderer)
        for item in indicator.bonuses
    )
    lines.append(
        Message(
            _("The result is kept between 0 and {max} points."), {"max": indicator.max_points}
        ).render(renderer)
    )
    if indicator.applies_to_flag:
        lines.append(
            Message(
                _("Applies only to agencies marked «{flag}»."),
                {"flag": flag_name(indicator.applies_to_flag)},
            ).render(renderer)
        )
    if indicator.may_be_not_applicable:
        lines.append(
            renderer.translate(
                _("The agency may declare it not applicable; it then leaves the maximum.")
            )
        )
    return lines


def flag_name(flag: str) -> Message | str:
    """What an agency flag means (the flag itself when the platform does not know it)."""
    return Message(FLAG_NAMES[flag]) if flag in FLAG_NAMES else flag


def _label(labels: dict[str, LocalText], code: str) -> LocalText | str:
    return labels.get(code, code)


_PLACEHOLDER = re.compile(r"\b_(\d+)_\b")


def describe_expression(
    expression: Expression, labels: Mapping[str, LocalText], renderer: Renderer
) -> str:
    """The expression with every input named «by its label», numbers written as the language
    writes them, × for multiplication, and "; " between arguments where "," is the decimal
    separator."""
    parts: list[str] = []

    class Placeholders(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.Call:
            node.args = [self.visit(argument) for argument in node.args]
            return node  # the function's own name stays

        def visit_Name(self, node: ast.Name) -> ast.Name:
            parts.append(f"«{renderer.value(labels.get(node.id, node.id))}»")
            return ast.Name(id=f"_{len(parts) - 1}_", ctx=ast.Load())

        def visit_Constant(self, node: ast.Constant) -> ast.Name:
            parts.append(renderer.value(Decimal(str(node.value))))
            return ast.Name(id=f"_{len(parts) - 1}_", ctx=ast.Load())

    text = ast.unparse(Placeholders().visit(copy.deepcopy(expression.tree)))
    separator = "; " if "," in renderer.format_number(Decimal("0.5")) else ", "
    text = text.replace(", ", separator).replace(" * ", " × ")
    return _PLACEHOLDER.sub(lambda match: parts[int(match.group(1))], text)


_OPERATORS = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "="}


def describe_constraint(
    constraint: Constraint, labels: Mapping[str, LocalText], renderer: Renderer
) -> str:
    """E.g. "«Số văn bản do người đứng đầu ký» ≤ «Số văn bản về chuyển đổi số»"."""

    def side(text: str) -> str:
        if text in constraint.operands():
            return f"«{renderer.value(labels.get(text, text))}»"
        return renderer.value(Decimal(text))

    operator = _OPERATORS.get(constraint.operator, constraint.operator)
    return f"{side(constraint.left)} {operator} {side(constraint.right)}"


def _rule_messages(rule: Rule, max_points, labels, renderer: Renderer) -> list[Message]:
    if isinstance(rule, RatioRule):
        scale = rule.scale if rule.scale is not None else max_points
        return [
            Message(
                _(
                    "Points = {scale} × {numerator} / {denominator}; if the denominator is 0: "
                    "{outcome}."
                ),
                {
                    "scale": scale,
                    "numerator": _label(labels, rule.numerator),
                    "denominator": _label(labels, rule.denominator),
                    "outcome": Message(_ZERO_OUTCOMES[rule.if_denominator_zero]),
                },
            )
        ]
    if isinstance(rule, StepsRule):
        if rule.value.text in labels:
            value = _label(labels, rule.value.text)
        else:
            value = describe_expression(rule.value, labels, renderer)
        messages = [Message(_("Points by the value of {value}:"), {"value": value})]
        messages.extend(
            Message(
                _("{band}: {points} points"), {"band": describe_band(band), "points": band.points}
            )
            for band in rule.bands
        )
        messages.append(Message(_("otherwise: {points} points"), {"points": rule.otherwise}))
        return messages
    if isinstance(rule, BooleanRule):
        if_true = rule.points_if_true if rule.points_if_true is not None else max_points
        return [
            Message(
                _("{label}: yes gives {if_true} points, no gives {if_false}."),
                {
                    "label": _label(labels, rule.input),
                    "if_true": if_true,
                    "if_false": rule.points_if_false,
                },
            )
        ]
    if isinstance(rule, ChoiceRule):
        return [
            Message(
                _("{label}: {value} gives {points} points."),
                {"label": _label(labels, rule.input), "value": value, "points": points},
            )
            for value, points in rule.points
        ]
    if isinstance(rule, FormulaRule):
        expression = describe_expression(rule.expression, labels, renderer)
        return [Message(_("Points = {expression}."), {"expression": expression})]
    if isinstance(rule, ManualRule):
        return [Message(_("Points are given directly, from 0 to {max}."), {"max": max_points})]
    messages = [Message(_("Sum of the sub-criteria, at most {max} points:"), {"max": max_points})]
    for criterion in rule.criteria:
        messages.append(
            Message(
                _("{code}) {name} ({max} points)"),
                {"code": criterion.code, "name": criterion.name, "max": criterion.max_points},
            )
        )
        messages.extend(_rule_messages(criterion.rule, criterion.max_points, labels, renderer))
    return messages


def _adjustment(item: Adjustment, labels, text: str, renderer: Renderer) -> str:
    message = Message(
        text,
        {
            "each": item.points_each,
            "label": item.label if item.label.vi else _label(labels, item.input),
        },
    )
    rendered = message.render(renderer)
    if item.limit is not None:
        rendered += " " + Message(_("(at most {limit} in all)."), {"limit": item.limit}).render(
            renderer
        )
    return rendered


_KIND_NAMES = {
    "integer": _("whole number"),
    "decimal": _("number"),
    "percent": _("percent"),
    "boolean": _("yes / no"),
    "date": _("date"),
    "choice": _("choice"),
}


def describe_input(spec: InputSpec, renderer: Renderer | None = None) -> str:
    """E.g. "Số cuộc họp: số nguyên, cuộc, từ 0 đến 52"."""
    renderer = renderer or Renderer()
    parts = [renderer.translate(_KIND_NAMES[spec.kind])]
    if spec.unit:
        parts.append(spec.unit)
    low, high = spec.lower_bound, spec.upper_bound
    if low is not None and high is not None:
        parts.append(
            Message(_("from {minimum} to {maximum}"), {"minimum": low, "maximum": high}).render(
                renderer
            )
        )
    elif low is not None:
        parts.append(Message(_("at least {minimum}"), {"minimum": low}).render(renderer))
    elif high is not None:
        parts.append(Message(_("at most {maximum}"), {"maximum": high}).render(renderer))
    if spec.choices:
        parts.append(
            " / ".join(
                choice.label.pick(renderer.language) or choice.value for choice in spec.choices
            )
        )
    if not spec.required:
        parts.append(renderer.translate(_("optional")))
    return f"{spec.label.pick(renderer.language)}: {', '.join(parts)}"
