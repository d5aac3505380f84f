"""Users, roles, area scope and API tokens."""
