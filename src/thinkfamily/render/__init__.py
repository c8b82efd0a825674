"""Turning data into each output once: terminal text, Markdown, CSV and JSON.

Features return data (records, reports, contacts); nothing here reads files, and no
output is made by parsing another.
"""
