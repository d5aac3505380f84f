"""The analytics page's scenario form: which areas to lock down, from which day, by how much,
a border closure, and the beds; the service checks the ranges again (one source of truth)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

#: Page defaults: smaller than the CLI's 1,000 runs x 180 days so a national comparison (two
#: scenarios over ~200 counties) answers in seconds; the CLI and API take up to 5,000 runs.
PAGE_RUNS = 200
PAGE_DAYS = 90


class ScenarioForm(forms.Form):
    lockdown_areas = forms.MultipleChoiceField(
        label=_("Areas to lock down"), required=False, widget=forms.CheckboxSelectMultiple
    )
    lockdown_day = forms.IntegerField(label=_("Lockdown from day"), min_value=0, initial=0)
    transmission = forms.FloatField(
        label=_("Transmission down (%)"), min_value=0, max_value=100, initial=50
    )
    movement = forms.FloatField(
        label=_("Movement down (%)"), min_value=0, max_value=100, initial=50
    )
    border_closure_day = forms.IntegerField(
        label=_("Border closed from day"), min_value=0, required=False
    )
    beds_per_100k = forms.FloatField(
        label=_("Treatment beds per 100,000"), min_value=0, required=False
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=PAGE_DAYS)
    runs = forms.IntegerField(label=_("Runs"), min_value=1, max_value=5000, initial=PAGE_RUNS)

    def __init__(self, *args, areas: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lockdown_areas"].choices = areas

    def parameters(self) -> dict:
        """The scenario's parameters for ``run_scenario`` (the comparison: no intervention)."""
        data = self.cleaned_data
        lockdowns = []
        if data["lockdown_areas"]:
            lockdowns.append(
                {
                    "areas": list(data["lockdown_areas"]),
                    "day": data["lockdown_day"],
                    "transmission": data["transmission"],
                    "movement": data["movement"],
                }
            )
        return {
            "lockdowns": lockdowns,
            "border_closure_day": data["border_closure_day"],
            "beds_per_100k": data["beds_per_100k"],
            "days": data["days"],
            "runs": data["runs"],
        }
