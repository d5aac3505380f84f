"""Helpers shared by the database benchmarks (not a benchmark: ``make bench`` runs only
the scripts directly in benchmarks/)."""
