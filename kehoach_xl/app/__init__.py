"""The application layer: every use case of kehoach-xl, once, whichever shell asks.

    app/sources.py    where a workbook's cells come from: a file (through the engines) or the values the
                      ribbon buttons read from live Excel, behind one interface; which sheets are read
    app/reading.py    read and check (Reading), totals, targets, and which catalog applies
    app/documents.py  the plan document and the results report, with their refusals
    app/yearly.py     next year's plan, Kết quả prepared from the plan, the copy sent up
    app/upper.py      the upper level's consolidation of an inbox, and the list it issues
    app/developer.py  the workbooks rebuilt from the repository, sample inboxes
    app/errors.py     what stops a use case (Refused, Unreadable, CatalogError), and why a file
                      cannot be written
    app/views.py      what the shells show of the answers: tables, figures, sentences, JSON

The command line (shells/cli.py) and the buttons (shells/buttons.py) only
parse, call these, and present what comes back; a refusal is `Refused`, whose
str() is the Vietnamese reason the shell shows.  `import kehoach_xl` gives
the same functions to scripts (kehoach_xl/__init__.py).
"""
