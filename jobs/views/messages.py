"""The messages of an application: the thread page (read and write), filing a complaint, an attachment's download.

The applicant and the employer's members read and write; bureau staff read a complained thread of a fair their
organization runs (each read audited by portal.services.threads). Anyone else gets the 404 of a missing id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.models import Application
from jobs.permissions import is_applicant, is_thread_party
from jobs.threads import APPLICATION_THREAD
from portal.form_errors import run_form
from portal.models import ThreadMessage
from portal.services.threads import thread_attachment_open, thread_complaint_file, thread_message_send, thread_open
from portal.thread_forms import ThreadComplaintForm, ThreadMessageForm
from portal.uploads import private_file_response


def _application_or_404(pk) -> Application:
    # Who may read is the service's question (thread_open): anyone else is refused with the 404 of a missing id.
    return get_object_or_404(Application.objects.select_related("position__organization", "veteran", "fair"), pk=pk)


def _page(request, application, *, form=None, complaint_form=None, status=200):
    thread = thread_open(subject=application, user=request.user, policy=APPLICATION_THREAD, request=request)
    context = {
        "application": application,
        "thread": thread,
        "thread_messages": thread.messages.select_related("author"),
        "is_party": is_thread_party(request.user, application),
        "is_applicant": is_applicant(request.user, application),
        "form": form or ThreadMessageForm(),
        "complaint_form": complaint_form or ThreadComplaintForm(),
    }
    return render(request, "jobs/messages/thread.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_messages(request, pk):
    application = _application_or_404(pk)
    if request.method == "GET":
        return _page(request, application)
    form = ThreadMessageForm(request.POST, request.FILES)
    if run_form(
        request,
        form,
        lambda data: thread_message_send(subject=application, author=request.user, policy=APPLICATION_THREAD, **data),
    ):
        return redirect("jobs:application_messages", pk=pk)
    return _page(request, application, form=form, status=400)


@login_required
@require_POST
def application_complaint(request, pk):
    application = _application_or_404(pk)
    form = ThreadComplaintForm(request.POST)
    if run_form(
        request,
        form,
        lambda data: thread_complaint_file(subject=application, user=request.user, policy=APPLICATION_THREAD, **data),
    ):
        messages.success(request, _("Your complaint has been passed to the bureau."))
        return redirect("jobs:application_messages", pk=pk)
    return _page(request, application, complaint_form=form, status=400)


@login_required
def message_attachment(request, pk):
    message = get_object_or_404(ThreadMessage.objects.about_model(Application).select_related("thread"), pk=pk)
    attachment = thread_attachment_open(message=message, user=request.user, policy=APPLICATION_THREAD, request=request)
    return private_file_response(attachment, stem=f"message-{message.pk}")
