"""Date and time inputs that keep their value in every language.

`<input type=date>` reads only ISO dates (2010-09-01) and `<input type=datetime-local>` only 2010-09-01T08:30; Django's
default widgets render the active language's first input format instead (zh-hans: 2010/09/01), which the browser
discards, so an edit form opened and saved in Chinese would erase its dates. Every date or time input uses these."""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    """A local date and time to the minute (the field converts it from and to the active time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATETIME_LOCAL)
