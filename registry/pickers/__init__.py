"""Searchable lists of named things (areas, majors, organisations) that forms pick from."""
