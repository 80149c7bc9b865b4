"""Small server-rendered SVG charts (bars, lines, points) with axes, ticks, labels and a title,
readable at a glance and by screen readers (<title>, <desc>). No JavaScript; styled by app.css."""

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 66, 12, 28, 46


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """0 up to a round number at or above `high`, in steps of 1, 2 or 5 times a power of ten."""
    if not high or high <= 0 or not math.isfinite(high):
        return [0.0, 1.0]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(high / step - 1e-9) + 1)]


def _num(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Frame:
    """The plotting area: maps data to SVG coordinates and draws the axes."""
    x_low: float
    x_high: float
    y_low: float
    y_high: float
    width: int = WIDTH
    height: int = HEIGHT

    def x(self, value: float) -> float:
        span = (self.x_high - self.x_low) or 1
        return LEFT + (value - self.x_low) / span * (self.width - LEFT - RIGHT)

    def y(self, value: float) -> float:
        span = (self.y_high - self.y_low) or 1
        return self.height - BOTTOM - (value - self.y_low) / span * (self.height - TOP - BOTTOM)

    def axes(self, x_ticks: Sequence[tuple[float, str]], y_ticks: Sequence[tuple[float, str]],
             x_label: str, y_label: str) -> list[str]:
        bottom, left = self.height - BOTTOM, LEFT
        parts = [f'<line class="axis" x1="{left}" y1="{bottom}" x2="{self.width - RIGHT}" y2="{bottom}"/>',
                 f'<line class="axis" x1="{left}" y1="{TOP}" x2="{left}" y2="{bottom}"/>']
        for value, text in y_ticks:
            y = _num(self.y(value))
            parts.append(f'<line class="grid" x1="{left}" y1="{y}" x2="{self.width - RIGHT}" y2="{y}"/>'
                         f'<text class="tick" x="{left - 4}" y="{y}" dy="0.35em" text-anchor="end">{escape(text)}</text>')
        for value, text in x_ticks:
            x = _num(self.x(value))
            parts.append(f'<line class="axis" x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 4}"/>'
                         f'<text class="tick" x="{x}" y="{bottom + 15}" text-anchor="middle">{escape(text)}</text>')
        parts.append(f'<text class="axis-label" x="{(left + self.width - RIGHT) / 2:.0f}" y="{self.height - 6}" '
                     f'text-anchor="middle">{escape(x_label)}</text>')
        parts.append(f'<text class="axis-label" transform="translate(12 {(TOP + bottom) / 2:.0f}) rotate(-90)" '
                     f'text-anchor="middle">{escape(y_label)}</text>')
        return parts


def _svg(title: str, desc: str, body: list[str], frame: Frame) -> Markup:
    key = f"chart-{zlib.crc32(title.encode()):08x}"  # ids for aria-labelledby, stable per title
    return Markup(
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-labelledby="{key}-t {key}-d"><title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(desc)}</desc>'
        f'<text class="chart-title" x="{LEFT}" y="16">{escape(title)}</text>' + "".join(body) + "</svg>")


def _thin(labels: Sequence[str], keep: int = 8) -> list[tuple[int, str]]:
    """Every n-th category label, so at most `keep` are written under the axis."""
    step = max(1, math.ceil(len(labels) / keep))
    return [(i, label) for i, label in enumerate(labels) if i % step == 0]


def bar_chart(title: str, desc: str, labels: Sequence[str], values: Sequence[float | None], *,
              x_label: str, y_label: str, fmt: Callable[[float], str] = lambda v: f"{v:g}",
              links: Sequence[str | None] | None = None) -> Markup:
    """Vertical bars, one per category; each bar can link to what it counts."""
    numbers = [v or 0 for v in values]
    ticks = nice_ticks(max(numbers, default=0))
    frame = Frame(-0.5, len(labels) - 0.5, 0, ticks[-1])
    body = frame.axes([(i, label) for i, label in _thin(labels)], [(t, fmt(t)) for t in ticks], x_label, y_label)
    band = (frame.width - LEFT - RIGHT) / max(len(labels), 1)
    for i, (label, value) in enumerate(zip(labels, numbers)):
        top, base = frame.y(value), frame.y(0)
        bar = (f'<rect class="bar" x="{_num(frame.x(i) - band * 0.35)}" y="{_num(top)}" width="{_num(band * 0.7)}" '
               f'height="{_num(base - top)}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>')
        href = links[i] if links else None
        body.append(f'<a href="{escape(href)}">{bar}</a>' if href else bar)
    return _svg(title, desc, body, frame)


def line_chart(title: str, desc: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
               x_label: str, y_label: str, fmt: Callable[[float], str] = lambda v: f"{v:g}") -> Markup:
    """One line per series over categories (weeks, months); gaps where a value is missing."""
    high = max((v for _name, values in series for v in values if v is not None), default=0)
    ticks = nice_ticks(high)
    frame = Frame(0, max(len(labels) - 1, 1), 0, ticks[-1])
    body = frame.axes(_thin(labels), [(t, fmt(t)) for t in ticks], x_label, y_label)
    for n, (name, values) in enumerate(series):
        points = [f"{_num(frame.x(i))},{_num(frame.y(v))}" for i, v in enumerate(values) if v is not None]
        body.append(f'<polyline class="line line-{n}" points="{" ".join(points)}"><title>{escape(name)}</title></polyline>')
        for i, v in enumerate(values):
            if v is not None:
                body.append(f'<circle class="dot line-{n}" cx="{_num(frame.x(i))}" cy="{_num(frame.y(v))}" r="2.5">'
                            f'<title>{escape(name)}, {escape(labels[i])}: {escape(fmt(v))}</title></circle>')
    if len(series) > 1:
        for n, (name, _values) in enumerate(series):
            body.append(f'<text class="legend line-{n}" x="{frame.width - RIGHT}" y="{16 + 12 * n}" '
                        f'text-anchor="end">{escape(name)}</text>')
    return _svg(title, desc, body, frame)


def xy_plot(title: str, desc: str, *, x_label: str, y_label: str, lines: Sequence[Sequence[tuple[float, float]]] = (),
            dots: Sequence[tuple[float, float, str, str | None]] = (), x_ticks: Sequence[tuple[float, str]] = (),
            y_ticks: Sequence[tuple[float, str]] = (), x_range=(0.0, 1.0), y_range=(0.0, 1.0),
            diagonal: bool = False, guides: Sequence[tuple[str, float]] = (), size=(WIDTH, HEIGHT)) -> Markup:
    """Points and lines on two numeric axes (ROC curve, reliability, a portfolio). Dots carry a tooltip
    and an optional link; guides are dashed lines at x ("x", value) or y ("y", value)."""
    frame = Frame(*x_range, *y_range, *size)
    body = frame.axes(x_ticks, y_ticks, x_label, y_label)
    if diagonal:
        body.append(f'<line class="diag" x1="{_num(frame.x(x_range[0]))}" y1="{_num(frame.y(y_range[0]))}" '
                    f'x2="{_num(frame.x(x_range[1]))}" y2="{_num(frame.y(y_range[1]))}"/>')
    for axis, value in guides:
        if axis == "x":
            body.append(f'<line class="split" x1="{_num(frame.x(value))}" y1="{TOP}" x2="{_num(frame.x(value))}" '
                        f'y2="{frame.height - BOTTOM}"/>')
        else:
            body.append(f'<line class="split" x1="{LEFT}" y1="{_num(frame.y(value))}" x2="{frame.width - RIGHT}" '
                        f'y2="{_num(frame.y(value))}"/>')
    for points in lines:
        body.append('<polyline class="curve" points="'
                    + " ".join(f"{_num(frame.x(x))},{_num(frame.y(y))}" for x, y in points) + '"/>')
    for x, y, tip, href in dots:
        dot = f'<circle class="dot" cx="{_num(frame.x(x))}" cy="{_num(frame.y(y))}" r="2.5"><title>{escape(tip)}</title></circle>'
        body.append(f'<a href="{escape(href)}">{dot}</a>' if href else dot)
    return _svg(title, desc, body, frame)


def percent_ticks(step: int = 20) -> list[tuple[float, str]]:
    return [(p / 100, f"{p} %") for p in range(0, 101, step)]
