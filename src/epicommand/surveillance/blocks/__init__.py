"""The surveillance blocks of the situation report: the headline figures, the 28-day trend,
the map and table of the areas below, reporting completeness, and the active alerts.

They share one read of the day totals per report (``figures.report_figures``)."""
