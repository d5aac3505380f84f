"""Pure optimisation cores: medicine allocation (HiGHS) and staff deployment (CP-SAT). No Django, no database."""
