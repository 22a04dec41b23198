"""The command line: ``guidelint check|agreement|calibrate|rules|guide|init``."""
