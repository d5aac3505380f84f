"""Append-only audit events: who changed what, when, before and after."""
