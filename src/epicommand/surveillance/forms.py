from django import forms
from django.utils.translation import gettext_lazy as _

from epicommand.surveillance.figures import FIGURE_NAMES, LABELS


class DailyReportForm(forms.Form):
    """The seven figures; an empty field means "not reported", not zero."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in FIGURE_NAMES:
            self.fields[name] = forms.IntegerField(
                label=LABELS[name],
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, Excel or DHIS2 JSON)"))
    mapping = forms.FileField(label=_("DHIS2 mapping (JSON)"), required=False)
    dry_run = forms.BooleanField(label=_("Only check: show what would change"), required=False)
