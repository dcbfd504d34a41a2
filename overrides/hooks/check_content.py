"""Placeholder: replaced by the content-checker hook (issue 3)."""
