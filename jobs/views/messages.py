"""The messages of an application: the thread page (read and write), filing a complaint, an attachment's download.

The applicant and the employer's members read and write; bureau staff read a complained thread of a fair their
organization runs (each read audited by the service). Anyone else gets the 404 of a missing id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.hiring_forms import ComplaintForm, MessageForm
from jobs.models import Application, Message
from jobs.permissions import can_read_thread, is_applicant, is_thread_party
from jobs.services.messages import message_attachment_open, message_send, thread_complaint_file, thread_open
from portal.exceptions import AccessDenied
from portal.form_errors import run_form
from portal.uploads import private_file_response


def _application_or_404(request, pk) -> Application:
    queryset = Application.objects.select_related("position__organization", "veteran", "fair")
    application = get_object_or_404(queryset, pk=pk)
    if not can_read_thread(request.user, application):
        raise AccessDenied(hide=True)
    return application


def _page(request, application, *, form=None, complaint_form=None, status=200):
    thread = thread_open(application=application, user=request.user, request=request)
    context = {
        "application": application,
        "thread": thread,
        "thread_messages": thread.messages.select_related("author"),
        "is_party": is_thread_party(request.user, application),
        "is_applicant": is_applicant(request.user, application),
        "form": form or MessageForm(),
        "complaint_form": complaint_form or ComplaintForm(),
    }
    return render(request, "jobs/messages/thread.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_messages(request, pk):
    application = _application_or_404(request, pk)
    if request.method == "GET":
        return _page(request, application)
    form = MessageForm(request.POST, request.FILES)
    if run_form(request, form, lambda data: message_send(application=application, author=request.user, **data)):
        return redirect("jobs:application_messages", pk=pk)
    return _page(request, application, form=form, status=400)


@login_required
@require_POST
def application_complaint(request, pk):
    application = _application_or_404(request, pk)
    form = ComplaintForm(request.POST)
    if run_form(request, form, lambda data: thread_complaint_file(application=application, user=request.user, **data)):
        messages.success(request, _("Your complaint has been passed to the bureau."))
        return redirect("jobs:application_messages", pk=pk)
    return _page(request, application, complaint_form=form, status=400)


@login_required
def message_attachment(request, pk):
    message = get_object_or_404(Message.objects.select_related("thread__application__position"), pk=pk)
    attachment = message_attachment_open(message=message, user=request.user, request=request)
    return private_file_response(attachment, stem=f"message-{message.pk}")
