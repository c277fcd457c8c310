"""LSP features, one per module, each with a ``setup(server)`` function."""
