"""Vocabulary, shapes and records → triples (knows the vocabulary; uses the loaders' types)."""

from .iris import Minter
from .mapping import RecordMapper, SourceDocument
from .terms import DEFAULT_BASE, Namespaces, ontology_graph
from .territory import TerritoryMapper

__all__ = ["DEFAULT_BASE", "Minter", "Namespaces", "RecordMapper", "SourceDocument", "TerritoryMapper",
           "ontology_graph"]
