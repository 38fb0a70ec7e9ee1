"""The user interfaces: chat and HTTP API."""
