"""Where ratings come from: label collection from records and rows (``collect``),
reading rating files (``files``), and a guideline's agreement run over datasets,
which checks them with the engine (``pipeline``)."""
