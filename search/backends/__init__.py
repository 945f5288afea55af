"""The two search backends, organised as modelsearch organises its own: each module holds its
backend's reads and writes (querying, indexing, rebuild) over the shared plan in ``search/query.py``."""
