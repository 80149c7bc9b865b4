"""Texts kept in English where they are stored (job messages, why a model was promoted) and
shown in the reader's language.

A job or the scheduler writes its message without a request, and people of either language
read the same row, so the row holds English and the page translates it. Each text is declared
once with `stored()`, with %(name)s for the values it carries; `english()` writes it,
`translated()` turns a stored text back into a message of the catalogue, values included. A
stored text that matches no declared one (an exception's own words) is shown as stored.
"""

import re

from flask_babel import LazyString, force_locale
from flask_babel import gettext as _

_DECLARED: list[LazyString] = []
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_patterns: dict[str, re.Pattern] = {}


def stored(message: LazyString) -> LazyString:
    """Declare a message written in English and translated when shown (a `_l(...)` string)."""
    _DECLARED.append(message)
    _patterns.clear()
    return message


def english(message: LazyString | str, **values) -> str:
    """The declared message in English, with its values: what is stored."""
    with force_locale("en"):
        text = str(message)
    return text % values if values else text


def _pattern(msgid: str) -> re.Pattern:
    parts, end = [], 0
    for match in _PLACEHOLDER.finditer(msgid):
        parts += [re.escape(msgid[end:match.start()].replace("%%", "%")), f"(?P<{match.group(1)}>.*?)"]
        end = match.end()
    parts.append(re.escape(msgid[end:].replace("%%", "%")))
    return re.compile("".join(parts), re.DOTALL)


def _known() -> dict[str, re.Pattern]:
    if not _patterns:
        with force_locale("en"):
            _patterns.update({str(message): _pattern(str(message)) for message in _DECLARED})
    return _patterns


def translated(text: str | None, depth: int = 2) -> str:
    """A stored English text in the current language; values that are declared texts themselves
    (the reason inside "Failed: …") are translated too."""
    if not text:
        return text or ""
    for msgid, pattern in _known().items():
        match = pattern.fullmatch(text)
        if match:
            values = {name: translated(value, depth - 1) if depth else value
                      for name, value in match.groupdict().items()}
            return _(msgid, **values) if values else _(msgid)
    return text
