"""``python -m classify`` runs the command-line interface (through the console entry's fast path)."""

from classify.launch import main

main()
