"""The situation report's rendering: page, PDF, Markdown, JSON, charts and maps.

Every renderer is a pure function of a ``SituationReport`` (and the language), so the
selector that fills the report and the renderers can be tested apart.
"""
