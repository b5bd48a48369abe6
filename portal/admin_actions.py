"""The admin's one door: service-owned fields are read-only, and every transition is an action that calls a service.

Each `ModelAdmin` lists the fields its services set (`service_owned_fields`); they are added to the read-only
fields of the change form and of the add form, so a POST cannot change them (Django leaves read-only fields out of
the form). A model whose rows only a service may create sets `created_by_service = True` and loses its add form.

Transitions are built with `service_action(service, ...)`: the action loops over the selected rows, calls the same
service as the page with the acting staff member (asking first for the reason on an intermediate page when the
service needs one), and reports each success and refusal as a translated admin message. The service callable stays
on the action (`action.service`), so a test can check that every admin action goes through a service.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ServiceOwnedFieldsMixin:
    """For a `ModelAdmin` or an inline: the fields its services own are never editable here."""

    service_owned_fields: tuple[str, ...] = ()
    created_by_service = False

    def get_readonly_fields(self, request, obj=None):
        return tuple(dict.fromkeys([*super().get_readonly_fields(request, obj), *self.service_owned_fields]))

    def has_add_permission(self, request, *args):
        # Rows made by a service (which checks, numbers, audits and notifies) are never added by hand.
        return not self.created_by_service and super().has_add_permission(request, *args)


class ServiceOwnedFieldsAdmin(ServiceOwnedFieldsMixin, admin.ModelAdmin):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=1000,
        help_text=_("Sent to the people concerned and written to the audit log."),
    )


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied) and exc.args and exc.args[0]:
        return str(exc.args[0])  # AccessDenied carries a translated reason
    return gettext("You may not do this.")


def run_service_action(modeladmin, request, queryset, call: Callable, done_message) -> int:
    """Call `call(obj)` for each selected row; report how many succeeded and why each refused one was refused."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except (ValidationError, PermissionDenied, PermissionError) as exc:
            modeladmin.message_user(
                request,
                gettext("%(object)s: %(reason)s") % {"object": obj, "reason": _refusal(exc)},
                messages.WARNING,
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    return done


def ask_on_intermediate_page(modeladmin, request, queryset, action_name: str, description, form):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": description,
        "opts": modeladmin.model._meta,
        "queryset": queryset,
        "form": form,
        "action_name": action_name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/portal/action_reason.html", context)


def service_action(
    service: Callable,
    *,
    name: str,
    description,
    done,
    target: str,
    actor: str = "staff",
    reason: str | None = None,
    with_request: bool = False,
    extra: dict | None = None,
    order_by: tuple[str, ...] = (),
):
    """An admin action calling `service(<target>=row, <actor>=request.user, ...)` for each selected row.

    reason: the service's keyword for the reason (e.g. "reason", "note"); the admin asks for it first.
    done: translated message with %(count)s, shown when at least one row succeeded.
    """

    def action(modeladmin, request, queryset):
        kwargs = dict(extra or {})
        if reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return ask_on_intermediate_page(modeladmin, request, queryset, name, description, form)
            kwargs[reason] = form.cleaned_data["reason"]
        if with_request:
            kwargs["request"] = request
        rows = queryset.order_by(*order_by) if order_by else queryset

        def call(obj):
            return service(**{target: obj, actor: request.user}, **kwargs)

        run_service_action(modeladmin, request, rows, call, done)
        return None

    action.__name__ = name
    action.service = service
    return admin.action(description=description, permissions=["change"])(action)
