"""The commands besides build (new, init, templates) and what the command line needs."""
