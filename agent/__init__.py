"""cs-playbook: a customer-success operating playbook, every number from code."""

__version__ = "0.1.0"
