"""Benchmarks (not tests: nothing here asserts a time).

`python -m bench.run --households 100000` builds a database of 100 000 households, about
1 000 000 visits and 300 000 requests through the op log (the demo generator in bulk), then times
the scenarios a caseworker feels — opening the store, each kind of search, a sorted list page, one
household with its history, recording a visit, the bulk load itself — each beside a baseline
measured in the same run: the same question asked of the same file through raw sqlite3 (for the
bulk load: executemany of the same rows into bare tables). Results: bench/results/latest.md.
"""
