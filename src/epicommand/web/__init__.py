"""The web shell: layout, login pages, home."""
