"""Loaders: the catalogue's text → cards → checked records (knows the catalogue, not RDF)."""

from .decode import UnreadableInput, decode
from .knowledge import Knowledge, load_knowledge
from .model import Card, Diagnostic, Extraction, Organization, Programme, Record, Source, Territory
from .pipeline import extract

__all__ = [
    "Card",
    "Diagnostic",
    "Extraction",
    "Knowledge",
    "Organization",
    "Programme",
    "Record",
    "Source",
    "Territory",
    "UnreadableInput",
    "decode",
    "extract",
    "load_knowledge",
]
