"""Surfaces: the HTTP API (and, later, the language server)."""
