"""Figures as HQ reads them: thousands separated, a dash where nothing was counted (no
figure is not zero), percentages with a space before the sign."""

from __future__ import annotations


def number(value: int | float | None) -> str:
    """Thousands separated; None -> ``"–"``."""
    if value is None:
        return "–"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def percent(rate: float | None, digits: int = 1) -> str:
    """``0.1234`` -> ``"12.3 %"``; None -> ``"–"``."""
    return "–" if rate is None else f"{rate * 100:.{digits}f} %"
