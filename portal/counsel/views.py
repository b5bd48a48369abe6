"""Pages of counselling and legal aid: the requester's form, list and request page; the provider's cases and
slots; the staff queue. A request's page is its content: only its three parties reach it (others get 404), and
each read is audited."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.counsel import permissions, selectors, services
from portal.counsel.forms import AssignForm, BookForm, NoteForm, ProviderForm, RateForm, RequestForm, SlotForm
from portal.counsel.models import CounselRequest, Provider
from portal.decorators import staff_required
from portal.form_errors import add_service_errors


def _flash(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _readable(request, pk) -> CounselRequest:
    counsel_request = get_object_or_404(CounselRequest.objects.select_related("provider__user", "slot"), pk=pk)
    if not permissions.can_read(request.user, counsel_request):
        raise Http404
    return counsel_request


@login_required
def mine(request):
    context = {"requests": selectors.my_requests(request.user), "can_request": permissions.can_request(request.user)}
    return render(request, "counsel/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request has been sent; the bureau will assign someone to help."))
            return redirect("counsel:detail", created.pk)
    context = {"form": form, "can_request": permissions.can_request(request.user)}
    return render(request, "counsel/new.html", context, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    counsel_request = _readable(request, pk)
    services.audit_read(user=request.user, request=counsel_request)
    user = request.user
    notes = [n for n in counsel_request.notes.all() if permissions.can_read_note(user, counsel_request, n)]
    context = {
        "r": counsel_request,
        "notes": notes,
        "is_requester": counsel_request.requester_id == user.pk,
        "is_provider": permissions.is_provider_of(user, counsel_request),
        "book_form": BookForm(slots=services.open_slots(counsel_request.provider))
        if counsel_request.provider
        else None,
        "note_form": NoteForm(),
        "rate_form": RateForm(),
    }
    return render(request, "counsel/detail.html", context)


def _act(request, pk, allowed, act, done: str):
    counsel_request = get_object_or_404(CounselRequest, pk=pk)
    if not allowed(request.user, counsel_request):
        raise Http404
    try:
        act(counsel_request)
        messages.success(request, done)
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("counsel:detail", pk)


def _field(form, name):
    if not form.is_valid():
        raise ValidationError(form.errors.get(name) or _("Check the form."))
    return form.cleaned_data[name]


@require_POST
@login_required
def book(request, pk):
    def act(r):
        form = BookForm(request.POST, slots=services.open_slots(r.provider) if r.provider else None)
        services.request_book(request=r, user=request.user, slot=_field(form, "slot"))

    return _act(request, pk, permissions.can_book, act, _("Your appointment is booked."))


@require_POST
@login_required
def rate(request, pk):
    def act(r):
        services.request_rate(request=r, user=request.user, rating=_field(RateForm(request.POST), "rating"))

    return _act(request, pk, permissions.can_rate, act, _("Thank you for your rating."))


@require_POST
@login_required
def note(request, pk):
    def act(r):
        form = NoteForm(request.POST)
        text = _field(form, "text")
        services.note_add(request=r, user=request.user, text=text, shareable=form.cleaned_data["shareable"])

    return _act(request, pk, permissions.can_record_outcome, act, _("The outcome is recorded."))


@require_POST
@login_required
def close(request, pk):
    act = lambda r: services.request_close(request=r, user=request.user)  # noqa: E731
    return _act(request, pk, permissions.can_record_outcome, act, _("The request is closed."))


@login_required
@require_http_methods(["GET", "POST"])
def provider(request):
    me = permissions.provider_of(request.user)
    form = SlotForm(request.POST or None)
    if me is not None and request.method == "POST" and form.is_valid():
        try:
            services.slot_add(provider=me, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The slot is added."))
            return redirect("counsel:provider")
    cases = selectors.provider_cases(me) if me else []
    slots = me.slots.select_related("booking").order_by("-starts_at")[:30] if me else []
    context = {"me": me, "form": form, "cases": cases, "slots": slots}
    return render(request, "counsel/provider.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def queue(request):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        try:
            if user is None:
                raise ValidationError({"username": _("No active user has this username.")})
            services.provider_mark(user=user, staff_user=request.user, kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(user)s can now be assigned requests.") % {"user": user.username})
            return redirect("counsel:queue")
    queue_rows = [(r, AssignForm(kind=r.kind, prefix=f"r{r.pk}")) for r in selectors.unassigned_queue()]
    context = {
        "queue": queue_rows,
        "mine": selectors.assigned_to_staff(request.user),
        "providers": Provider.objects.filter(active=True).select_related("user"),
        "form": form,
    }
    return render(request, "counsel/queue.html", context, status=400 if form.errors else 200)


@require_POST
@staff_required
def assign(request, pk):
    counsel_request = get_object_or_404(CounselRequest.objects.only(*selectors.QUEUE_FIELDS), pk=pk)
    form = AssignForm(request.POST, kind=counsel_request.kind, prefix=f"r{pk}")
    try:
        provider_ = _field(form, "provider")
        services.request_assign(request=counsel_request, staff_user=request.user, provider=provider_)
        messages.success(request, _("The provider is assigned; you are the request's staff contact."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("counsel:queue")
