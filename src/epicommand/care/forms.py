from django import forms
from django.utils.translation import gettext_lazy as _

from epicommand.care import rules

LABELS = {
    "admissions": _("Admissions"),
    "discharges": _("Discharges (recovered)"),
    "deaths": _("Deaths"),
    "transfers_in": _("Transfers in"),
    "transfers_out": _("Transfers out"),
    "patients_fevered": _("Patients fevered (suspected) at midnight"),
    "patients_positive": _("Patients tested positive at midnight"),
    "occupied_general": _("General beds occupied"),
    "occupied_isolation": _("Isolation beds occupied"),
    "occupied_intensive": _("Intensive-care beds occupied"),
}


class CensusForm(forms.Form):
    """The day's figures; transfers and beds of a type left empty are 0."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in rules.FIGURES:
            self.fields[name] = forms.IntegerField(
                label=LABELS[name],
                required=name in rules.REQUIRED,
                min_value=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or Excel)"))
    dry_run = forms.BooleanField(label=_("Only check: show what would change"), required=False)


class ProposalForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
    qualification = forms.ChoiceField(label=_("Qualification"), required=False)
    patients = forms.ChoiceField(
        label=_("Patients from"),
        choices=[("census", _("the census")), ("forecast", _("the stored forecast"))],
    )
    max_send_share = forms.FloatField(
        label=_("Most a centre may send (share of its staff)"),
        min_value=0,
        max_value=1,
        initial=0.2,
    )
    must_stay = forms.CharField(
        label=_("Staff numbers who must stay (comma-separated)"), required=False
    )

    def __init__(self, *args, qualifications: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualification"].choices = [("", _("every qualification with a ratio"))] + (
            qualifications
        )
