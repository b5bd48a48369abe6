"""Extension points the pillar apps register with in their AppConfig.ready().

- personal data exporters: `fn(user) -> dict` merged into the user's JSON download under the app's label;
- personal data erasers: `fn(user) -> None`, anonymize what the app holds when an account is deleted.
"""

from collections.abc import Callable

personal_data_exporters: dict[str, Callable] = {}
personal_data_erasers: dict[str, Callable] = {}


def register_personal_data(label: str, *, exporter: Callable | None = None, eraser: Callable | None = None) -> None:
    if exporter:
        personal_data_exporters[label] = exporter
    if eraser:
        personal_data_erasers[label] = eraser
