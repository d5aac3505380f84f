"""An app that exists only in the test settings: it wires itself in through its contract
alone (``apps.py``), so the tests can show that nothing outside an app needs editing."""
