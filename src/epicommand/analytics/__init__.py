"""Pure numerical core, no Django: estimators that take arrays and return arrays."""
