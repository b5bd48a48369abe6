"""The messages of an enrolment: the thread page (read and write), filing a complaint, an attachment's download.

The trainee and the members of the class's institution read and write; bureau staff read a complained thread (each
read audited by the service). Anyone else gets the 404 of a missing id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.form_errors import call_service
from portal.models import ThreadMessage
from portal.services.threads import thread_attachment_open, thread_complaint_file, thread_message_send, thread_open
from portal.thread_forms import ThreadComplaintForm, ThreadMessageForm
from portal.uploads import private_file_response
from training.models import Enrollment
from training.permissions import is_enrolment_thread_party
from training.threads import ENROLMENT_THREAD


def _enrollment_or_404(request, pk) -> Enrollment:
    queryset = Enrollment.objects.select_related("training_class__course__institution", "veteran")
    return get_object_or_404(queryset, pk=pk)


def _page(request, enrollment, *, form=None, complaint_form=None):
    thread = thread_open(subject=enrollment, user=request.user, policy=ENROLMENT_THREAD, request=request)
    bound = form or complaint_form
    context = {
        "enrollment": enrollment,
        "cls": enrollment.training_class,
        "thread": thread,
        "thread_messages": thread.messages.all(),
        "is_party": is_enrolment_thread_party(request.user, enrollment),
        "is_trainee": enrollment.veteran_id == request.user.pk,
        "form": form or ThreadMessageForm(),
        "complaint_form": complaint_form or ThreadComplaintForm(),
    }
    return render(request, "training/enrollment_messages.html", context, status=400 if bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_messages(request, pk):
    enrollment = _enrollment_or_404(request, pk)
    if request.method == "GET":
        return _page(request, enrollment)
    form = ThreadMessageForm(request.POST, request.FILES)
    if form.is_valid() and call_service(
        form, thread_message_send, subject=enrollment, author=request.user, policy=ENROLMENT_THREAD, **form.cleaned_data
    ):
        return redirect("training:enrollment_messages", pk=pk)
    return _page(request, enrollment, form=form)


@login_required
@require_POST
def enrollment_complaint(request, pk):
    enrollment = _enrollment_or_404(request, pk)
    form = ThreadComplaintForm(request.POST)
    if form.is_valid() and call_service(
        form,
        thread_complaint_file,
        subject=enrollment,
        user=request.user,
        policy=ENROLMENT_THREAD,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("Your complaint has been passed to the bureau."))
        return redirect("training:enrollment_messages", pk=pk)
    return _page(request, enrollment, complaint_form=form)


@login_required
def enrollment_message_attachment(request, pk):
    message = get_object_or_404(ThreadMessage.objects.about_model(Enrollment).select_related("thread"), pk=pk)
    attachment = thread_attachment_open(message=message, user=request.user, policy=ENROLMENT_THREAD, request=request)
    return private_file_response(attachment, stem=f"message-{message.pk}")
