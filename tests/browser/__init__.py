"""Browser tests: the built site in Chromium, driven by Playwright."""
