"""The guided 退役报到 (veteran registration): one page per step, each saved on its own through
veteran_profile_save; /me/edit/ opens the first step still missing something."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.models import Consent, VeteranProfile
from portal.profile_forms import PROFILE_STEPS, VeteranProfileForm, profile_step, step_after, step_before
from portal.services.profiles import veteran_profile_save


def _own_profile(user) -> VeteranProfile | None:
    return VeteranProfile.objects.filter(user=user).select_related("region").first()


@login_required
def profile_edit(request):
    profile = _own_profile(request.user)
    step = next((s for s in PROFILE_STEPS if not s.is_done(profile)), PROFILE_STEPS[0])
    return redirect("portal:profile_step", step=step.key)


def profile_form_save(*, form: VeteranProfileForm, user, resume=None) -> bool:
    """Hand a valid step (or whole) form to veteran_profile_save; its refusals become the form's errors."""
    try:
        veteran_profile_save(
            user=user,
            data=form.profile_data(),
            id_number=form.cleaned_data.get("id_number") or None,
            resume=resume,
            id_number_basis=form.id_number_basis(Consent.Channel.WEB),
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def profile_step_edit(request, step):
    current = profile_step(step)
    if current is None:
        raise Http404
    instance = _own_profile(request.user)
    if instance is None and current is not PROFILE_STEPS[0]:
        messages.info(request, _("Start with your identity; the other steps follow."))
        return redirect("portal:profile_step", step=PROFILE_STEPS[0].key)
    posted = request.method == "POST"  # the résumé step may be posted empty: bound all the same
    form = VeteranProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=instance,
        user=request.user,
        step=current,
    )
    resume = request.FILES.get("resume")
    if posted and form.is_valid() and profile_form_save(form=form, user=request.user, resume=resume):
        following = step_after(current)
        messages.success(request, _("Saved: %(step)s.") % {"step": current.title})
        return redirect("portal:profile_step", step=following.key) if following else redirect("portal:profile")
    context = {
        "form": form,
        "step": current,
        "number": PROFILE_STEPS.index(current) + 1,
        "steps": _indicator(current, instance),
        "back": step_before(current),
    }
    return render(request, "portal/profile_edit.html", context, status=400 if form.errors else 200)


def _indicator(current, profile) -> list[dict]:
    """The step indicator: each step's number, title, whether it is the current one, saved, and reachable (every
    step once the profile exists; only the first before)."""
    return [
        {
            "step": step,
            "number": number,
            "current": step is current,
            "done": step.is_done(profile),
            "reachable": profile is not None or number == 1,
        }
        for number, step in enumerate(PROFILE_STEPS, start=1)
    ]
