"""Spreadsheet import and export of the catalogue (docs/CONTRACTS.md §2, docs/spreadsheets.md).

``files`` turns an untrusted upload into rows (size, type, encoding, zip-bomb and row limits),
``resources`` holds the django-import-export resources and the writers, ``validation`` checks rows
against the catalogue and reports new / changed / unchanged / invalid, ``runner`` ties them to the
write path in ``catalogue.services``.
"""
