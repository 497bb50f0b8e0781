"""Phrase banks and builders for the generated sample corpus (``scripts/generate_sample.py``).

All sentences here are our own writing. ``core`` holds the small template language; ``orgs`` invents
organisations per level; ``campaigns`` lists campaigns and programmes with their vocabulary (the table itself in
``campaigns.yaml``); ``common`` holds phrases shared by every genre (the domains' table in
``domains.yaml``); one module per report type builds a clean draft; ``dirt`` turns a
draft into text as the web delivers it.
"""
