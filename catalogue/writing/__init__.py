"""Writes to the catalogue's services, one module per step.

``context`` (reference data and the batch a write runs in) ← ``rows`` (a spreadsheet row and how
it maps onto a page) ← ``one_by_one`` (Wagtail's path), ``bulk`` (many new services at once) and
``bulk_update`` (many changed ones) ← ``batch`` (``service_import``, which picks the path per
row). ``catalogue.services`` is the public entry other code imports.
"""
