"""guidelint inside data pipelines: Ray Data and Hugging Face ``datasets``.

The public entry points are :mod:`guidelint.batch` (the batch API both engines call),
:mod:`guidelint.ray` and :mod:`guidelint.hf`; this package holds their parts. Nothing
here is imported by ``import guidelint``; Ray, ``datasets``, pyarrow and pandas load
only when used (``pip install 'guidelint[ray]'`` / ``'guidelint[hf]'``).
"""
