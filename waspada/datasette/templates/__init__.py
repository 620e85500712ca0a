"""Jinja templates of the workbench (a package only so that they ship with it)."""
