"""Template helpers: Bootstrap classes on form widgets, masking, query-string building for pagination."""

from django import template

from portal import crypto

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a bound field's widget with the Bootstrap class its type needs, and aria-invalid when it has errors."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type in ("checkbox", "radio"):
        css = "form-check-input"
    elif widget.__class__.__name__ in ("Select", "SelectMultiple", "NullBooleanSelect"):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": css + (" is-invalid" if field.errors else "")}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return getattr(field.field.widget, "input_type", None) == "checkbox"


@register.filter
def is_radio(field):
    return getattr(field.field.widget, "input_type", None) == "radio"


@register.filter
def mask_name(value):
    return crypto.mask_name(value or "")


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination links keep the filters)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_page(context, param, number):
    """The current query string with the page parameter `param` ("page", "positions_page") set to `number`: for
    a page with two paginated lists."""
    return query_replace(context, **{param or "page": number})


@register.filter
def figure_value(figure):
    """A dashboard figure as people read it: thousands separated, money as ¥1,234.50, a share as 12.5%."""
    from decimal import Decimal

    from django.contrib.humanize.templatetags.humanize import intcomma

    value = figure.value
    if not isinstance(value, int | float | Decimal):
        return value
    if figure.unit == "CNY":
        return "¥" + intcomma(f"{Decimal(value):.2f}", use_l10n=False)
    if figure.unit == "%":
        return f"{value}%"
    return intcomma(value, use_l10n=False)
