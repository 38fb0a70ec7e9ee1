"""Deterministic calculators: every score, ratio and count in a playbook."""
