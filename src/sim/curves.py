"""Named daily activity curves: the share of a day's posts written in each local hour.

The default ("social") comes from 618k geotagged UK tweets over a weekend in March 2014, summed to hours with
two spikes smoothed: trough at 05h, peak at 21h, peak/trough about 14. Studies of weekday rhythms (Golder &
Macy 2011; Scheffler & Kyba 2016) find the same shape with the morning rise 1-2 hours earlier on working days,
so the weekday curve shifts hours 04-11 by 1.5 hours. Scenarios may name a curve or give their own 24 values.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

_SOCIAL_WEEKEND = (
    3.88, 2.44, 1.50, 1.07, 0.77, 0.48, 0.50, 1.02, 2.19, 3.74, 4.70, 5.22,
    5.45, 5.50, 5.67, 6.08, 6.63, 6.45, 5.97, 6.14, 5.97, 6.72, 6.39, 5.52,
)  # fmt: skip
_SOCIAL_WEEKDAY = (
    3.62, 2.28, 1.40, 1.00, 0.46, 0.71, 1.50, 2.77, 3.94, 4.63, 4.98, 5.11,
    5.08, 5.13, 5.29, 5.67, 6.19, 6.02, 5.57, 5.73, 5.57, 6.27, 5.96, 5.15,
)  # fmt: skip
# People who write to a business in office hours: students to a college, buyers to a B2B desk.
_OFFICE = (
    0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1.2, 3.0, 6.5, 8.5, 8.8, 8.4,
    7.2, 7.8, 8.2, 7.9, 7.0, 5.2, 3.4, 2.4, 1.9, 1.6, 1.2, 0.8,
)  # fmt: skip
_FLAT = (1.0,) * 24

NAMED_CURVES: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "social": (_SOCIAL_WEEKDAY, _SOCIAL_WEEKEND),
    "office": (_OFFICE, _OFFICE),
    "flat": (_FLAT, _FLAT),
}
"""Curve name -> (weekday curve, weekend curve), 24 local hours each, any positive scale."""


def hourly_shares(curve: str | tuple[float, ...], weekend: bool) -> NDArray[np.float64]:
    """The 24 hourly shares of a day (summing to 1) for a named curve or a custom 24-value curve."""
    values = NAMED_CURVES[curve][1 if weekend else 0] if isinstance(curve, str) else curve
    array = np.asarray(values, dtype=np.float64)
    return array / array.sum()
