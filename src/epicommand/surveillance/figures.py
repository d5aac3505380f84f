"""The figures of a daily report and how each one adds up.

A *flow* is a count of events in the day: summed over days and up the tree. A *stock* is a
level on the day (people under treatment, in quarantine): its value for a period is the
last day's, and it is summed up the tree but never over days.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    FLOW = "flow"
    STOCK = "stock"


FIGURES: dict[str, Kind] = {
    "new_fever": Kind.FLOW,
    "new_confirmed": Kind.FLOW,
    "new_recovered": Kind.FLOW,
    "new_deaths": Kind.FLOW,
    "under_treatment": Kind.STOCK,
    "tests_done": Kind.FLOW,
    "in_quarantine": Kind.STOCK,
}
FIGURE_NAMES: tuple[str, ...] = tuple(FIGURES)
FLOWS: tuple[str, ...] = tuple(n for n, k in FIGURES.items() if k is Kind.FLOW)
STOCKS: tuple[str, ...] = tuple(n for n, k in FIGURES.items() if k is Kind.STOCK)

LABELS = {
    "new_fever": _("New fever cases"),
    "new_confirmed": _("New confirmed"),
    "new_recovered": _("New recovered"),
    "new_deaths": _("New deaths"),
    "under_treatment": _("Under treatment"),
    "tests_done": _("Tests done"),
    "in_quarantine": _("In quarantine"),
    "cum_fever": _("Cumulative fever cases"),
    "cum_confirmed": _("Cumulative confirmed"),
    "cum_recovered": _("Cumulative recovered"),
    "cum_deaths": _("Cumulative deaths"),
}
