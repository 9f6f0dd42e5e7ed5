"""Roster import: a member list from the union's Excel files (XLSX, or CSV as Excel saves it)
is read, checked row by row (the dry run) and then committed all at once.

Rows match existing members on the member number, so importing the same file twice changes
nothing the second time. A file with any rejected row writes nothing. Errors are stored as a
code with its parameters (row, column, value) and worded when shown, in the reader's language;
the Vietnamese wording is also stored under "message" for anyone reading the summary directly.

columns (the headings), template (the download), errors (the wording), reading (a file into
rows, through core.tabular), validation (a row's values), planning (the dry run), summary (what
the pages show) and committing (the services, the background runs and their recovery).
"""
