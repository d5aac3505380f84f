"""Daily reports, the case line list, roll-ups, completeness, alerts and situation data."""
