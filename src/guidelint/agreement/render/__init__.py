"""How agreement reports are shown: text (``text``), JSON (``json``) with its schema
(``schema``), and calibration sheets (``sheet``)."""
