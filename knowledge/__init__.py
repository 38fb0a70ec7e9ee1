"""The knowledge base: domain rules and their rationale, as Markdown."""
