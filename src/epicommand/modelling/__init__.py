"""Analytics in the database: gathers the daily series, calls the pure core
(``epicommand.analytics``), stores every run with its inputs' as-of timestamp and
parameters, and shows the results (API, CLI, pages, the situation report's blocks)."""
