"""Vocabulary, shapes and records → triples (the knowledge-graph issue builds it)."""
