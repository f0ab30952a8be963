"""Arithmetic expressions over named inputs, parsed with an AST whitelist (never ``eval``).

Allowed: decimal numbers, input names, ``+ - * /``, unary minus, parentheses and the functions
``min``, ``max`` and ``abs``. Everything is computed in ``Decimal`` so that 0.1 + 0.2 is 0.3.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .messages import Message, _

MAX_EXPRESSION_LENGTH = 400

_FUNCTIONS = {"min": min, "max": max, "abs": abs}
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class ExpressionError(ValueError):
    """The expression text is not allowed; ``message`` says why."""

    def __init__(self, message: Message):
        super().__init__(message.render())
        self.message = message


class DivisionByZero(ArithmeticError):
    """An expression divided by zero; the rule decides what that means."""


@dataclass(frozen=True)
class Expression:
    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return _evaluate(self.tree.body, values)


def parse_expression(text: str) -> Expression:
    """Parse ``text`` or raise ``ExpressionError`` naming the first forbidden construct."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(Message(_("The expression is empty.")))
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            Message(
                _("The expression is longer than {limit} characters."),
                {"limit": MAX_EXPRESSION_LENGTH},
            )
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(
            Message(_("The expression is not valid arithmetic: {detail}."), {"detail": error.msg})
        ) from None
    names: set[str] = set()
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        _check_node(node, names, called)
    return Expression(text=text.strip(), tree=tree, names=frozenset(names))


def _check_node(node: ast.AST, names: set[str], called: set[int]) -> None:
    if isinstance(node, ast.Expression | ast.Load):
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise _forbidden(type(node.op).__name__)
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise _forbidden(type(node.op).__name__)
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise _forbidden(repr(node.value))
        if isinstance(node.value, float) and not math.isfinite(node.value):  # e.g. 1e999
            raise _forbidden(repr(node.value))
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS and id(node) not in called:
            # Left alone, "max * 2" would pass as an input named max and fail when scored.
            raise ExpressionError(
                Message(
                    _(
                        "{name} is a function, not an input: write it with its arguments in "
                        "parentheses."
                    ),
                    {"name": node.id},
                )
            )
        if node.id not in _FUNCTIONS:
            names.add(node.id)
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise ExpressionError(Message(_("Only the functions min, max and abs may be called.")))
        wanted_one = node.func.id == "abs"
        if node.keywords or not node.args or (wanted_one and len(node.args) != 1):
            raise ExpressionError(
                Message(_("The function {name} needs plain arguments."), {"name": node.func.id})
            )
        return
    if isinstance(node, ast.operator | ast.unaryop):
        return
    raise _forbidden(type(node).__name__)


def _forbidden(what: str) -> ExpressionError:
    return ExpressionError(
        Message(
            _(
                "'{what}' is not allowed in an expression (use numbers, input names, "
                "+ - * /, parentheses, min, max, abs)."
            ),
            {"what": what},
        )
    )


def _evaluate(node: ast.AST, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return Decimal(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, values)
        right = _evaluate(node.right, values)
        if isinstance(node.op, ast.Div) and right == 0:
            raise DivisionByZero
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        arguments = [_evaluate(argument, values) for argument in node.args]
        if node.func.id == "abs":
            return abs(arguments[0])
        return _FUNCTIONS[node.func.id](arguments)
    raise _forbidden(type(node).__name__)
