"""The report's charts as PNG for e-mail (most mail programs show no SVG), drawn with matplotlib's
Agg renderer from the same series as the page's SVG (presenter.chart_series).

A Figure is made without pyplot: no global state, so the scheduler's threads may draw at once.
matplotlib is imported when a chart is drawn: it adds some 30 MB to every process that loads the
app (web workers, import jobs), and only the weekly report draws."""

import io
import math

from flask_babel import gettext as _

from webapp.reports.presenter import Chart

SIZE = (6.4, 3.4)  # inches; at 100 dpi about as wide as a mail column
DPI = 100
COLOURS = ("#1f4e79", "#c0504d")


def _number(value) -> float:
    return math.nan if value is None else float(value)


def chart_png(chart: Chart) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    axes = figure.subplots()
    axes.set_title(chart.title, loc="left", fontsize=11)
    axes.set_xlabel(chart.x_label)
    axes.set_ylabel(chart.y_label)
    positions = list(range(len(chart.labels)))
    if chart.kind == "bar":
        values = [_number(v) if v is not None else 0.0 for v in chart.series[0][1]]
        axes.bar(positions, values, width=0.7, color=COLOURS[0])
    else:
        for n, (name, values) in enumerate(chart.series):
            axes.plot(positions, [_number(v) for v in values], marker="o", markersize=3,
                      color=COLOURS[n % len(COLOURS)], label=name)
        if len(chart.series) > 1 and chart.labels:
            axes.legend(fontsize=8, frameon=False)
    axes.set_xticks(positions, chart.labels, fontsize=8)
    if len(chart.labels) > 6:  # owners' names and deciles would run into each other
        axes.tick_params(axis="x", labelrotation=30)
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: chart.fmt(float(value))))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    if not chart.labels:
        axes.text(0.5, 0.5, _("Nothing in this period."), transform=axes.transAxes, ha="center", va="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
