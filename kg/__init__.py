"""peel-kg: build, store and query the PEEL knowledge graph (see ``kg.api``)."""

from .api import PeelGraph, open_graph

__all__ = ["PeelGraph", "open_graph"]
