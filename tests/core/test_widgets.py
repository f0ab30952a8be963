"""LongSelect must be a drop-in for forms.Select: same HTML, only faster."""

from django import forms

from dti.core.widgets import LongSelect

CHOICES = [("", "Tất cả"), (3, "Sở Y tế"), (12, 'UBND xã <Đông> & "Tây"')]


class Standard(forms.Form):
    agency = forms.TypedChoiceField(choices=CHOICES, required=False, coerce=int)


class Long(forms.Form):
    agency = forms.TypedChoiceField(choices=CHOICES, required=False, coerce=int, widget=LongSelect)


class StandardRequired(forms.Form):
    agency = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"aria-describedby": "help", "class": "wide"})
    )


class LongRequired(forms.Form):
    agency = forms.ChoiceField(
        choices=CHOICES, widget=LongSelect(attrs={"aria-describedby": "help", "class": "wide"})
    )


def _normalised(html: str) -> str:
    """Django's template puts each option on its own line; the markup is otherwise the same."""
    return "".join(line.strip() for line in str(html).splitlines())


def test_renders_the_same_markup_as_the_standard_select():
    for data in ({}, {"agency": "12"}, {"agency": "999"}):
        assert _normalised(Long(data)["agency"]) == _normalised(Standard(data)["agency"])
        assert _normalised(LongRequired(data)["agency"]) == _normalised(
            StandardRequired(data)["agency"]
        )


def test_escapes_labels_and_marks_the_chosen_agency():
    html = str(Long({"agency": "12"})["agency"])
    assert '<option value="12" selected>UBND xã &lt;Đông&gt; &amp; &quot;Tây&quot;</option>' in html
    assert '<option value="3">' in html
    assert 'id="id_agency"' in html
    assert 'name="agency"' in html
