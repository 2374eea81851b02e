"""Building the graph, writing and validating it, querying it (knows graphs, not HTTP)."""

from .build import Built, build, read_sources
from .description import Publisher
from .queries import CanonicalQuery, QueryError, load_queries
from .release import BuildFailed, BuildOptions, release

__all__ = ["BuildFailed", "BuildOptions", "Built", "CanonicalQuery", "Publisher", "QueryError", "build",
           "load_queries", "read_sources", "release"]
