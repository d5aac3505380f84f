"""The headline figures of the situation report: each figure on the as-of day with its
change on the day before and on seven days before, and the case fatality.

JSON keys are a promise to machine clients (``situation.HEADLINE_KEYS``), each as
``{"value", "day_before", "week_before", "change_day", "change_week"}``; a figure nobody
reported is ``null``, never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import gettext as _

from epicommand.core.blocks import BlockContext
from epicommand.surveillance.blocks.figures import report_figures
from epicommand.surveillance.blocks.markdown import table
from epicommand.surveillance.figures import FLOWS, LABELS
from epicommand.surveillance.selectors import DAY
from epicommand.surveillance.situation import HEADLINE_KEYS, Headline
from epicommand.web.formatting import number, percent

CUMULATIVE = {
    "cum_fever": "new_fever",
    "cum_confirmed": "new_confirmed",
    "cum_recovered": "new_recovered",
    "cum_deaths": "new_deaths",
}
DAILY = ("new_fever", "new_confirmed", "new_recovered", "new_deaths", "under_treatment")
# Figures where a rise is good news; for every other headline figure a rise is bad news.
GOOD_WHEN_UP = frozenset({"new_recovered", "cum_recovered"})


@dataclass(frozen=True)
class Change:
    """A change of a figure, with the arrow and the tone the reader should see."""

    amount: int | None
    arrow: str  # "▲", "▼", "=" or "" when unknown
    tone: str  # "worse", "better", "same" or "unknown" (a CSS class)

    @property
    def signed(self) -> str:
        """The amount with its sign and thousands separators ("+1,234", "-56", "0", "–")."""
        if self.amount is None:
            return "–"
        return "0" if self.amount == 0 else f"{self.amount:+,}"


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int | None
    day: Change
    week: Change

    @property
    def value_text(self) -> str:
        return number(self.value)


def change(key: str, amount: int | None) -> Change:
    """The arrow follows the sign; the tone says whether the move is good for the epidemic
    response (more recoveries good, more of anything else bad)."""
    if amount is None:
        return Change(None, "", "unknown")
    if amount == 0:
        return Change(0, "=", "same")
    up = amount > 0
    good = up == (key in GOOD_WHEN_UP)
    return Change(amount, "▲" if up else "▼", "better" if good else "worse")


def headline_json(figure: Headline | None) -> dict:
    figure = figure or Headline(None, None, None)
    return {
        "value": figure.value,
        "day_before": figure.day_before,
        "week_before": figure.week_before,
        "change_day": figure.change_day,
        "change_week": figure.change_week,
    }


@dataclass(frozen=True)
class HeadlineBlock:
    headline: dict[str, Headline]
    case_fatality: float | None  # cumulative deaths / cumulative fever cases, or None

    template: ClassVar[str] = "surveillance/blocks/headline.html"
    top_level: ClassVar[bool] = True

    def cards(self) -> list[Card]:
        """One card per headline figure, in the stable key order; a missing figure shows as
        unknown rather than zero."""
        cards = []
        for key in HEADLINE_KEYS:
            figure = self.headline.get(key) or Headline(None, None, None)
            day, week = change(key, figure.change_day), change(key, figure.change_week)
            cards.append(Card(key, str(LABELS[key]), figure.value, day, week))
        return cards

    @property
    def case_fatality_text(self) -> str:
        return percent(self.case_fatality, 3)

    def as_json(self) -> dict:
        return {
            "headline": {key: headline_json(self.headline.get(key)) for key in HEADLINE_KEYS},
            "case_fatality": self.case_fatality,
        }

    def markdown(self) -> list[str]:
        rows = [
            [f"{c.label} (`{c.key}`)", c.value, _arrowed(c.day), _arrowed(c.week)]
            for c in self.cards()
        ]
        header = [_("Figure"), _("Value"), _("on the day before"), _("on 7 days before")]
        return [
            "## " + _("Headline figures"),
            "",
            *table(header, rows),
            "",
            f"{_('Case fatality')} (`case_fatality`): {self.case_fatality_text}",
            "",
        ]


def _arrowed(change: Change) -> str:
    return f"{change.arrow} {change.signed}".strip()


def _cumulative_at(daily: dict, base: dict[str, int], node_id: int, as_of: dt.date) -> dict:
    """Cumulative flows at as_of, the day before and 7 days before, from one base sum."""
    result = {as_of: dict(base)}
    running = dict(base)
    for offset in range(0, 7):
        day = as_of - offset * DAY
        for f in FLOWS:
            running[f] -= daily.get((node_id, day), {}).get(f, 0)
        result[day - DAY] = dict(running)
    return result


def headline(ctx: BlockContext) -> HeadlineBlock:
    """The area's headline figures on the as-of day (the block provider)."""
    figures = report_figures(ctx)
    node_id, as_of, daily = figures.node.id, ctx.as_of, figures.daily
    cum = _cumulative_at(daily, figures.cum_now[node_id], node_id, as_of)
    days = (as_of, as_of - DAY, as_of - 7 * DAY)
    found: dict[str, Headline] = {}
    for name in DAILY:
        values = [daily[(node_id, d)][name] if (node_id, d) in daily else None for d in days]
        found[name] = Headline(*values)
    for key, flow in CUMULATIVE.items():
        found[key] = Headline(*(cum[d][flow] for d in days))
    # Case fatality over all reported (fever) cases: most cases are never tested.
    cases, deaths = found["cum_fever"].value, found["cum_deaths"].value
    return HeadlineBlock(found, (deaths / cases) if cases else None)
