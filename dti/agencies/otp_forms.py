from django import forms
from django.utils.translation import gettext_lazy as _

CODE_DIGITS = 6


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows; spaces typed between the digits are ignored."""

    token = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        help_text=_("Open the authenticator app on your phone and type the code it shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != CODE_DIGITS or not token.isdigit():
            raise forms.ValidationError(
                _("Enter the %(digits)s digits the app shows, e.g. 123456.")
                % {"digits": CODE_DIGITS}
            )
        return token
