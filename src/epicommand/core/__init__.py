"""The house every domain app plugs into: the app contract and its registry, the one area
scope, role checks, and the extension points (situation-report blocks, timeline providers).

Nothing here imports a domain app: apps are found through ``INSTALLED_APPS`` and loaded by
the dotted paths their contracts name.
"""
