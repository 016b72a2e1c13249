"""Compute: run snippet modules in worker processes into an atomic cache (the worker side too)."""
