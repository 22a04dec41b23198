"""guidelint and a live Label Studio server.

* :mod:`~guidelint.labelstudio.urls` — project URLs (``http://host:8080/projects/3``);
* :mod:`~guidelint.labelstudio.auth` — the API token (``LABEL_STUDIO_API_KEY`` or a
  token file), kept out of every message;
* :mod:`~guidelint.labelstudio.client` — the calls guidelint makes, through
  ``label-studio-sdk`` (the ``guidelint[labelstudio]`` extra, imported only here);
* :mod:`~guidelint.labelstudio.live` — a project as a source of records, the same
  records as its JSON export file gives;
* :mod:`~guidelint.labelstudio.labelconfig` — a labelling config from a guideline;
* :mod:`~guidelint.labelstudio.findings` — findings written back to the tasks;
* :mod:`~guidelint.labelstudio.webhook` — the webhook receiver of ``labelstudio serve``.

Nothing here is imported by ``import guidelint``; docs/labelstudio.md is the user guide.
"""
