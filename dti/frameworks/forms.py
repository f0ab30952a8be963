from django import forms
from django.utils.translation import gettext_lazy as _

from .files import FRAMEWORK_SUFFIXES
from .yaml_format import MAX_FILE_BYTES


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file (.yaml or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FRAMEWORK_SUFFIXES)}),
    )
    update = forms.BooleanField(
        label=_("Update the framework in place if this code and version are already loaded"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                params={"limit": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload
