"""A notice to the user that stops nothing (a spec read as written, but perhaps not as meant): on the
command line a "symbp: warning: …" line on stderr, in the run's language; in Python a UserWarning."""
from __future__ import annotations

import warnings


def notice(text: str) -> None:
    from .option_words import on_command_line

    if on_command_line():
        import click

        from .i18n import message

        click.echo("symbp: " + message("progress.warning", text=text), err=True)
    else:
        warnings.warn(text, UserWarning, stacklevel=4)
