"""Placeholder until its pages land."""

ROUTES: list = []
