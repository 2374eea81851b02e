"""Building the graph, the store and its analytics (the knowledge-graph issue builds it)."""
