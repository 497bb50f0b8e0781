"""``python -m classify`` runs the command-line interface."""

from classify.cli import main

main()
