"""Network analytics over the knowledge graph: the data read by SPARQL, networkx views of it, and their measures.

networkx is a view, not a second store: read_network is the only function that queries; every other one is pure
and builds a fresh graph from the NetworkData it is given, never changing a graph it is handed.
"""

from .data import (
    Activity,
    NetworkData,
    Organization,
    Participation,
    Place,
    PlaceLink,
    Programme,
    ProgrammeLink,
    Select,
    human_lines,
    read_network,
    sparql_select,
    store_select,
)
from .export import exportable, network_files
from .measures import Metrics, metrics
from .networks import (
    Filters,
    active,
    bipartite,
    co_partnership,
    ego_network,
    funding_network,
    lineage,
    participations,
    recurrence,
    roles_of,
    selected_activities,
    territory_network,
)
from .report import Analysis, analyze

__all__ = ["Activity", "Analysis", "Filters", "Metrics", "NetworkData", "Organization", "Participation", "Place",
           "PlaceLink", "Programme", "ProgrammeLink", "Select", "active", "analyze", "bipartite", "co_partnership",
           "ego_network", "exportable", "funding_network", "human_lines", "lineage", "metrics", "network_files",
           "participations", "read_network", "recurrence", "roles_of", "selected_activities", "sparql_select",
           "store_select", "territory_network"]
