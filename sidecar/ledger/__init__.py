"""The call ledger: one SQLite row per call, prices, token estimates and reports."""
