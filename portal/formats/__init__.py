"""The project's display formats for dates and times, the same in every language (settings.FORMAT_MODULE_PATH).
Only display formats are set: input formats stay Django's, so forms accept what they always did."""
