"""The demo country: built from files shipped with the package, the same on every run."""
