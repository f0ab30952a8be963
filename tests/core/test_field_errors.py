"""The shared form field (dti/templates/includes/field.html): a field with several errors gives
each element one id, and the input's description names its help and all of its errors."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from django import forms
from django.template.loader import render_to_string


class Elements(HTMLParser):
    """Every element with its attributes, and the text inside each element that has an id."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in {"input", "br"}:
            self._open.append(attributes.get("id"))
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = ""

    def handle_endtag(self, tag):
        if tag not in {"input", "br"} and self._open:
            self._open.pop()

    def handle_data(self, data):
        for id_ in self._open:
            if id_:
                self.text_by_id[id_] += data


def rendered(form, name: str) -> Elements:
    parser = Elements()
    parser.feed(render_to_string("includes/field.html", {"field": form[name]}))
    return parser


class DeadlineForm(forms.Form):
    deadline = forms.CharField(label="Hạn", help_text="Ngày/tháng/năm")
    tiers = forms.MultipleChoiceField(
        label="Cấp",
        choices=[("department", "Sở"), ("commune", "Xã")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Chọn ít nhất một cấp",
    )


def form_with_two_errors_on_each_field() -> DeadlineForm:
    form = DeadlineForm({"deadline": "31/02/2026", "tiers": ["department"]})
    assert form.is_valid()
    for name in ("deadline", "tiers"):
        form.add_error(name, "Ngày không tồn tại.")
        form.add_error(name, "Hạn phải sau hạn của giai đoạn trước.")
    return form


def test_a_field_with_two_errors_has_no_duplicate_id():
    for name in ("deadline", "tiers"):
        page = rendered(form_with_two_errors_on_each_field(), name)
        ids = Counter(attributes["id"] for _tag, attributes in page.elements if "id" in attributes)
        assert [id_ for id_, count in ids.items() if count > 1] == []


def test_the_input_is_described_by_its_help_and_every_one_of_its_errors():
    page = rendered(form_with_two_errors_on_each_field(), "deadline")
    (attributes,) = [attributes for tag, attributes in page.elements if tag == "input"]
    assert attributes["aria-invalid"] == "true"
    described_by = attributes["aria-describedby"].split()
    description = " ".join(page.text_by_id[id_] for id_ in described_by)
    assert "Ngày/tháng/năm" in description
    assert "Ngày không tồn tại." in description
    assert "Hạn phải sau hạn của giai đoạn trước." in description


def test_a_group_of_checkboxes_is_a_fieldset_named_by_its_legend_and_described_by_its_errors():
    page = rendered(form_with_two_errors_on_each_field(), "tiers")
    tags = [tag for tag, _attributes in page.elements]
    assert "legend" in tags
    assert not [
        attributes
        for tag, attributes in page.elements
        if tag == "label" and not attributes.get("for")
    ]
    (fieldset,) = [attributes for tag, attributes in page.elements if tag == "fieldset"]
    description = " ".join(page.text_by_id[id_] for id_ in fieldset["aria-describedby"].split())
    assert "Chọn ít nhất một cấp" in description
    assert "Ngày không tồn tại." in description
    assert "Hạn phải sau hạn của giai đoạn trước." in description


def test_a_field_without_errors_has_no_error_block_and_is_described_by_its_help_only():
    form = DeadlineForm({"deadline": "30/06/2026", "tiers": ["department"]})
    assert form.is_valid()
    page = rendered(form, "deadline")
    (attributes,) = [attributes for tag, attributes in page.elements if tag == "input"]
    assert attributes["aria-describedby"] == "id_deadline_helptext"
    assert "id_deadline_error" not in page.text_by_id
