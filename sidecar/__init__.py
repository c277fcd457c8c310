"""sidecar: a local model router for coding assistants."""
