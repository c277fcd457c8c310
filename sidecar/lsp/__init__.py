"""The language server: document sync, inline completion and code actions over LSP."""
