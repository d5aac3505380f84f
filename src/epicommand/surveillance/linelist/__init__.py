"""The case line list: one row per person, for areas that keep one instead of counting.

``services.import_cases`` is the way in; the daily counts of those areas are derived from it.
Its edges live here too: ``api`` (``/api/surveillance/cases/``), ``cli`` (``epicommand cases``
and ``epicommand reports export``) and ``exports`` (CSV and Excel, streamed).
"""
