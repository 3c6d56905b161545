"""What runs on an office PC's Windows at install: the installer and uninstaller (install.py) and the
access list of the shared install folder (access.py), standard library only."""
