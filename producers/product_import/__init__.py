"""Product import: a cooperative's whole catalogue from one spreadsheet, with a ZIP of photos.

The same steps as the roster import (mentoring.roster): download the template, upload, read
the dry run (what will be created, and each rejected row with its number and the reason),
then commit. A file with any rejected row creates nothing, and the commit creates every row
in one transaction, through the portal's own product service (producers.listing), so the
products go to staff review exactly as if added one by one. Someone drafting a shop for its
future owner imports for it too (producers.assisted; a mentor for a member: mentoring.assisted),
and those products stay drafts until the owner takes the shop over.

Spreadsheets are read through core.tabular, as the roster is. The ZIP is never unpacked to
disk: photos are read from it in memory, each at most the photo size limit, and a ZIP whose
names try to leave the folder, that holds too many files, or that unpacks to far more than
it weighs (a "ZIP bomb") is refused as a whole.

The modules, in the order of the steps: columns (the sheet's columns and choices), errors
(why a file or row is refused, worded when shown), template (the workbook to download),
reading (the sheet, the ZIP and each cell), planning (the dry run), committing (the services:
check, commit, report).
"""
