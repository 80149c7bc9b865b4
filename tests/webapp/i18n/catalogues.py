"""Serving a German catalogue a test wrote in place of the real one."""

import functools
import gc
from contextlib import contextmanager

from webapp.i18n import babel


@contextmanager
def catalogue_folder(app, folder):
    """Pages read their German from `folder` (holding de/LC_MESSAGES/messages.mo) meanwhile."""
    settings = app.extensions["babel"]
    real, settings.translation_directories = settings.translation_directories, [str(folder)]
    forget_translations()
    try:
        yield
    finally:
        settings.translation_directories = real
        forget_translations()


def forget_translations():
    # Catalogues and the labels cached by language (webapp.pills) hold what earlier requests read.
    babel.domain_instance.cache.clear()
    for cached in gc.get_objects():
        if isinstance(cached, functools._lru_cache_wrapper):
            cached.cache_clear()
