"""Thin DRF views of the legacy REST API: parse, call one service or selector, serialize."""
