"""Shells: what a user calls, thin over the application layer (app/): the command line and the ribbon buttons."""
