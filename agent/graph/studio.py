"""The graph as LangGraph's dev server and Studio load it (see langgraph.json).

They bring their own checkpointer, and the nodes build their tailor from the
environment's settings.
"""

from agent.graph.builder import build_graph

graph = build_graph()
