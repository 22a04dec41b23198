"""The names of the reported statistics: JSON keys and ``--metric`` values.

Plain Python, so the command line can offer them without importing numpy.
"""

from __future__ import annotations

__all__ = ["HEADLINE", "STATISTICS"]

#: Statistic keys in report order.
STATISTICS = (
    "krippendorff_alpha",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "kendall_w",
)
#: The default headline statistic (``--min-agreement`` compares it); rankings use W.
HEADLINE = "krippendorff_alpha"
