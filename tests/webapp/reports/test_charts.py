"""The SVG charts carry what a reader needs: title, description, axes with ticks and labels, links."""

from webapp.reports import charts


def test_ticks_are_round_and_reach_the_highest_value():
    assert charts.nice_ticks(37) == [0, 10, 20, 30, 40]
    assert charts.nice_ticks(0) == [0.0, 1.0]


def test_bar_chart_has_title_axes_and_linked_bars():
    svg = str(charts.bar_chart("Waiting <leads>", "By owner.", ["Mia", "Sam"], [3, 1], x_label="Owner",
                               y_label="Leads", links=["/leads/?owner=1", None]))
    assert "<title id=" in svg and "Waiting &lt;leads&gt;" in svg and "<desc id=" in svg
    assert ">Owner</text>" in svg and ">Leads</text>" in svg and ">Mia</text>" in svg
    assert svg.count('<rect class="bar"') == 2 and svg.count('<a href="/leads/?owner=1">') == 1
    assert ">3</text>" in svg  # a tick at the top value


def test_line_chart_skips_missing_values():
    svg = str(charts.line_chart("Trend", "Weekly.", ["w1", "w2", "w3"], [("Median", [1.0, None, 2.0])],
                                x_label="Week", y_label="Hours"))
    assert svg.count('<circle class="dot') == 2
