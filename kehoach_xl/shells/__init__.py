"""Shells: thin layers that read, call the core and write (command line, ribbon buttons, installer, consolidation runner)."""
