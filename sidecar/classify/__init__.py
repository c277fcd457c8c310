"""Request classification: tree-sitter context plus request signals -> task kind + reasons."""

from sidecar.classify.classifier import Classification, classify

__all__ = ["Classification", "classify"]
