"""What the renderers show, worked out once from a ``SituationReport``: headline cards with
their changes, the child-area table's order, the completeness line. Pure functions, no
templates, so the page, the PDF and the Markdown agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from epicommand.surveillance.figures import LABELS
from epicommand.surveillance.situation import HEADLINE_KEYS, ChildRow, Headline, SituationReport

# Figures where a rise is good news; for every other headline figure a rise is bad news.
GOOD_WHEN_UP = frozenset({"new_recovered", "cum_recovered"})

SORT_KEYS = ("incidence", "name", "cases", "population")
DEFAULT_SORT = "incidence"
DEFAULT_DIRECTION = "desc"


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


def headline_cards(report: SituationReport) -> list[Card]:
    """One card per headline figure, in the stable key order; a missing figure shows as
    unknown rather than zero."""
    cards = []
    for key in HEADLINE_KEYS:
        figure = report.headline.get(key) or Headline(None, None, None)
        cards.append(
            Card(
                key=key,
                label=str(LABELS[key]),
                value=figure.value,
                day=change(key, figure.change_day),
                week=change(key, figure.change_week),
            )
        )
    return cards


def parse_sort(sort: str | None, direction: str | None) -> tuple[str, str]:
    """A known sort key and direction. An unknown key falls back to incidence, and a missing
    direction to descending (the areas that need help first), or A to Z for names."""
    key = sort if sort in SORT_KEYS else DEFAULT_SORT
    if direction in ("asc", "desc"):
        return key, direction
    return key, "asc" if key == "name" else DEFAULT_DIRECTION


def _sort_value(child: ChildRow, key: str) -> float | str | None:
    if key == "name":
        return child.name.casefold()
    if key == "cases":
        return child.new_fever
    if key == "population":
        return child.population
    return child.incidence_per_100k


def sort_children(children: list[ChildRow], sort: str, direction: str) -> list[ChildRow]:
    """Children ordered by ``sort``; areas without the figure always last, ties by code."""
    known = [c for c in children if _sort_value(c, sort) is not None]
    unknown = sorted((c for c in children if _sort_value(c, sort) is None), key=lambda c: c.code)
    known.sort(key=lambda c: c.code)
    known.sort(key=lambda c: _sort_value(c, sort), reverse=direction == "desc")
    return known + unknown


def percent(rate: float | None, digits: int = 1) -> str:
    """``0.1234`` -> ``"12.3 %"``; None -> ``"–"``."""
    return "–" if rate is None else f"{rate * 100:.{digits}f} %"


def number(value: int | float | None) -> str:
    """Thousands separated; None -> ``"–"`` (no figure is not zero)."""
    if value is None:
        return "–"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def unacknowledged(report: SituationReport) -> list:
    return [a for a in report.alerts if not a.acknowledged]
