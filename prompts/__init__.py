"""Versioned prompt files for the model-tailoring step."""
