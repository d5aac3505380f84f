"""The demo supply network: sites, items, transport and three weeks of movements."""
