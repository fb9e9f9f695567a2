"""Litestar application: server-rendered pages (Jinja2 + htmx), JSON API, CLI."""
