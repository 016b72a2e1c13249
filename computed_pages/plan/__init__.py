"""Plan: read pages and snippet sources into typed requests; every page check is here."""
