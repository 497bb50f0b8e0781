"""``python -m classify`` runs the command-line interface (through the console entry's fast path)."""

from classify.launch import main

if __name__ == "__main__":  # not when a spawned worker imports this module as __mp_main__
    main()
