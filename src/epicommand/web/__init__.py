"""The UI kit below the domain apps: the layout, the landing page, error pages, parsing of
dates and moments for pages and CLIs, number formatting, charts and maps, block rendering,
and the command line's support. It imports no domain app."""
