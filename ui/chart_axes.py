"""Axes of counts in the charts (households, requests): whole steps only. Qt's own ticks split
a range into equal parts, which under "%d" labels read 0, 0, 1, 1 or 0, 7, 15, 22, 30."""

from __future__ import annotations

import math

from PySide6.QtCharts import QValueAxis


def count_axis(axis: QValueAxis, top: float) -> None:
    """`axis` from 0 past `top`, labelled at whole steps of 1, 2 or 5 × 10ⁿ (five or fewer)."""
    top = max(top, 1.0)
    magnitude = 10 ** max(0, math.floor(math.log10(top / 5)))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= 5)
    axis.setLabelFormat("%d")
    axis.setRange(0, math.ceil(top / step) * step)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
