from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .accounts import agency_problems, max_length, password_problems, username_problems
from .models import Agency, Role, Tier, User

GENERATE_PASSWORD = "generate"
TYPE_PASSWORD = "type"


class AccountFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Username, name, e-mail or agency")}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    tier = forms.ChoiceField(
        label=_("Agency tier"), required=False, choices=[("", _("All tiers")), *Tier.choices]
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and inactive")), ("yes", _("Active")), ("no", _("Inactive"))],
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency: Agency) -> str:
        return f"{agency.code} — {agency.name}"


class AccountForm(forms.Form):
    """The fields an account has besides its username and password, with the role/agency rule."""

    full_name = forms.CharField(label=_("Full name"), max_length=max_length("full_name"))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=max_length("email"))
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    agency = AgencyChoiceField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.order_by("tier", "code"),
        empty_label=_("No agency"),
        help_text=_(
            "Required for agency staff, agency leaders and appraisers; an appraiser belongs to "
            "an appraising unit."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and "agency" not in self.errors:
            for reason in agency_problems(role, cleaned.get("agency")):
                self.add_error("agency", reason)
        return cleaned


class AccountCreateForm(AccountForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=max_length("username"),
        help_text=_("Letters, digits and . @ + - _ only; used to sign in."),
    )
    password_mode = forms.ChoiceField(
        label=_("Password"),
        choices=[
            (GENERATE_PASSWORD, _("Generate a temporary password (shown once, on the next page)")),
            (TYPE_PASSWORD, _("Type a password")),
        ],
        initial=GENERATE_PASSWORD,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "username",
        "full_name",
        "email",
        "role",
        "agency",
        "password_mode",
        "password",
        "password_confirmation",
    ]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        problems = username_problems(username)
        if problems:
            raise forms.ValidationError(problems)
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password_mode") == TYPE_PASSWORD:
            self._check_typed_password(cleaned)
        return cleaned

    def chosen_password(self) -> str | None:
        """The typed password, or None when the platform is to generate one."""
        if self.cleaned_data["password_mode"] == TYPE_PASSWORD:
            return self.cleaned_data["password"]
        return None

    def _check_typed_password(self, cleaned: dict) -> None:
        password = cleaned.get("password", "")
        if not password:
            self.add_error("password", _("Type the password, or choose to generate one."))
            return
        candidate = User(
            username=cleaned.get("username", ""),
            full_name=cleaned.get("full_name", ""),
            email=cleaned.get("email", ""),
        )
        for reason in password_problems(password, candidate):
            self.add_error("password", reason)
        if cleaned.get("password_confirmation") != password:
            self.add_error("password_confirmation", _("The two passwords differ."))


class AccountEditForm(AccountForm):
    def __init__(self, *args, account: User, editor: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "full_name": account.full_name,
                "email": account.email,
                "role": account.role,
                "agency": account.agency_id,
            },
        )
        super().__init__(*args, **kwargs)
        if account.pk == editor.pk:
            # Changing one's own role would lock one out of account management.
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _("You cannot change your own role.")


class AccountImportForm(forms.Form):
    file = forms.FileField(
        label=_("Account list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _password_rules() -> str:
    return " ".join(password_validators_help_texts())


class PasswordChangeForm(forms.Form):
    """The signed-in user's own password; ``change_own_password`` checks it."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=lazy(_password_rules, str)(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
