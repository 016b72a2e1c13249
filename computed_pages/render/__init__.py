"""Render: computed values, figure and slider HTML, glossary links, notebooks, into pages."""
