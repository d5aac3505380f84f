"""The area tree: country, provinces, counties and below."""
