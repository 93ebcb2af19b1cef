"""Spreadsheet import of people: read, detect headers, map, normalise, match, preview, commit."""
