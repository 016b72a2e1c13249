"""Computations behind the site's figures and numbers; nothing here knows MkDocs."""
