"""The agreement statistics: pure functions on numpy arrays, no I/O.

Nothing here imports a reader, a renderer, the engine or any other part of guidelint
(``tests/test_import_contracts.py`` holds this); the public names are re-exported by
:mod:`guidelint.agreement` (``from guidelint.agreement import krippendorff_alpha``).
"""
