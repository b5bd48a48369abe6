"""Competition pages: list, detail and entry, judging (own scores only), staff management, published results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entrepreneurship.forms import (
    AdvanceForm,
    AwardForm,
    CompetitionCreateForm,
    ConflictForm,
    EntryForm,
    JudgeAssignForm,
    ScoreForm,
    StageScheduleForm,
)
from entrepreneurship.models import Competition, CompetitionEntry, CompetitionStage, JudgeConflict, Score
from entrepreneurship.permissions import viewable_entries
from entrepreneurship.services import competitions
from entrepreneurship.views.common import call_service, form_page, posted_id, require, unknown_action
from portal.form_errors import render_form, run_button, run_form
from portal.models import User
from portal.permissions import is_bureau_staff, is_veteran


def competition_list(request):
    staff = is_bureau_staff(request.user)
    items = Competition.objects.all() if staff else Competition.objects.visible()
    mine = viewable_entries(request.user).select_related("competition", "enterprise", "stage").order_by("-pk")
    context = {"items": items, "is_staff": staff, "my_entries": mine}
    return render(request, "entrepreneurship/competition_list.html", context)


def competition_detail(request, pk):
    competition = get_object_or_404(Competition.objects.visible(), pk=pk)
    form = None
    if is_veteran(request.user) and competition.accepts_entries():
        form = EntryForm(request.POST or None, user=request.user)
        submit = lambda d: competitions.entry_submit(user=request.user, competition=competition, **d)  # noqa: E731
        if run_form(request, form, submit):
            messages.success(request, _("Your project has entered the competition."))
            return redirect("entrepreneurship:competition_detail", pk=pk)
    signed_in = request.user.is_authenticated
    context = {
        "competition": competition,
        "stages": competition.stages.all(),
        "criteria": competition.criteria.all(),
        "form": form,
        "my_entries": competition.entries.filter(submitted_by=request.user).select_related("enterprise", "stage")
        if signed_in
        else [],
        "is_staff": is_bureau_staff(request.user),
        "is_judge": signed_in and competition.judges.filter(judge=request.user).exists(),
        "entry_refusal": competition.entry_refusal(timezone.now()),
    }
    return render_form(request, "entrepreneurship/competition_detail.html", context, form)


@login_required
def entry_detail(request, pk):
    """The entrant's own page of one entry: its rounds and what happened when."""
    entry = get_object_or_404(
        viewable_entries(request.user).select_related("competition", "enterprise", "stage"), pk=pk
    )
    return render(request, "entrepreneurship/entry_detail.html", {"entry": entry, "competition": entry.competition})


def _judged_competition(user, pk):
    return get_object_or_404(Competition.objects.filter(judges__judge=user), pk=pk)


@login_required
def judging(request, pk):
    competition = _judged_competition(request.user, pk)
    conflicts = JudgeConflict.objects.filter(judge=request.user, entry__competition=competition)
    conflicted = set(conflicts.values_list("entry_id", flat=True))
    mine = {
        (s.entry_id, s.stage_id): s for s in Score.objects.filter(judge=request.user, entry__competition=competition)
    }
    rows = []
    for entry in competition.entries.select_related("enterprise", "stage"):
        if entry.pk in conflicted or entry.enterprise.founder_id == request.user.pk:
            continue
        rows.append({"entry": entry, "score": mine.get((entry.pk, entry.stage_id))})
    context = {"competition": competition, "rows": rows, "conflicts": conflicts.select_related("entry__enterprise")}
    return render(request, "entrepreneurship/judging.html", context)


@login_required
@require_POST
def declare_conflict(request, pk, entry_pk):
    competition = _judged_competition(request.user, pk)
    entry = get_object_or_404(competition.entries, pk=entry_pk)
    form = ConflictForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say briefly why (e.g. relative, colleague, investor)."))
        competitions.conflict_declare(entry=entry, judge=request.user, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Conflict of interest recorded; you will not score this entry."))
    return redirect("entrepreneurship:judging", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def score_entry(request, pk, entry_pk):
    competition = _judged_competition(request.user, pk)
    entry = get_object_or_404(competition.entries.select_related("enterprise", "stage"), pk=entry_pk)
    if not competitions.judge_may_score(request.user, entry):
        raise Http404
    criteria = list(competition.criteria.all())
    own = Score.objects.filter(judge=request.user, entry=entry, stage=entry.stage).first()
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        initial_values=own.values if own else None,
        initial={"comment": own.comment if own else ""},
    )
    submit = lambda d: competitions.score_submit(  # noqa: E731
        judge=request.user, entry=entry, values=form.values(), comment=d["comment"]
    )
    if run_form(request, form, submit):
        messages.success(request, _("Your score has been saved."))
        return redirect("entrepreneurship:judging", pk=pk)
    context = {"competition": competition, "entry": entry, "form": form, "own": own}
    return render_form(request, "entrepreneurship/score_form.html", context, form)


@login_required
def competition_manage(request, pk):
    require(is_bureau_staff(request.user))
    competition = get_object_or_404(Competition, pk=pk)
    stages = [{"stage": s, "ranking": competitions.stage_ranking(s)} for s in competition.stages.all()]
    return render(
        request,
        "entrepreneurship/competition_manage.html",
        {
            "competition": competition,
            "stages": stages,
            "advance_form": AdvanceForm(),
            "award_form": AwardForm(),
            "entries": competition.entries.select_related("enterprise", "stage"),
            "judges": competition.judges.select_related("judge"),
            "judge_form": JudgeAssignForm(),
            "conflicts": JudgeConflict.objects.filter(entry__competition=competition).select_related(
                "judge", "entry__enterprise"
            ),
        },
    )


def _advance(request, competition):
    stage = get_object_or_404(CompetitionStage, competition=competition, pk=posted_id(request, "stage"))
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Enter how many entries to advance."))
    competitions.competition_advance(stage=stage, top_n=form.cleaned_data["top_n"], user=request.user)


def _award(request, competition):
    entry = get_object_or_404(CompetitionEntry, competition=competition, pk=posted_id(request, "entry"))
    form = AwardForm(request.POST)
    form.is_valid()
    competitions.award_record(entry=entry, award=form.cleaned_data.get("award", ""), user=request.user)


def _schedule(request, competition):
    stage = get_object_or_404(CompetitionStage, competition=competition, pk=posted_id(request, "stage"))
    form = StageScheduleForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    competitions.stage_schedule(stage=stage, user=request.user, **form.cleaned_data)


def _conflict(request, competition):
    entry = get_object_or_404(CompetitionEntry, competition=competition, pk=posted_id(request, "entry"))
    assignment = get_object_or_404(competition.judges.select_related("judge"), judge_id=posted_id(request, "judge"))
    competitions.conflict_declare(
        entry=entry, judge=assignment.judge, user=request.user, reason=request.POST.get("reason", "")
    )


COMPETITION_ACTIONS = {
    "advance": _advance,
    "award": _award,
    "schedule": _schedule,
    "conflict": _conflict,
    "open": lambda request, c: competitions.competition_open(competition=c, user=request.user),
    "judging": lambda request, c: competitions.competition_start_judging(competition=c, user=request.user),
    "publish": lambda request, c: competitions.results_publish(competition=c, user=request.user),
}


@login_required
@require_POST
def competition_action(request, pk, action):
    require(is_bureau_staff(request.user))
    competition = get_object_or_404(Competition, pk=pk)
    if action not in COMPETITION_ACTIONS:
        return unknown_action(request)
    run_button(
        request, lambda: COMPETITION_ACTIONS[action](request, competition), done=_("Saved."), denied_as_message=True
    )
    if request.POST.get("next") == "queue":  # the staff workbench's competitions queue
        return redirect("entrepreneurship:staff_competitions")
    return redirect("entrepreneurship:competition_manage", pk=pk)


def competition_results(request, pk):
    qs = (
        Competition.objects.all()
        if is_bureau_staff(request.user)
        else Competition.objects.filter(results_published_at__isnull=False)
    )
    competition = get_object_or_404(qs, pk=pk)
    stages = [{"stage": s, "ranking": competitions.stage_ranking(s)} for s in competition.stages.all()]
    awards = competition.entries.exclude(award="").select_related("enterprise")
    return render(
        request,
        "entrepreneurship/competition_results.html",
        {
            "competition": competition,
            "stages": stages,
            "awards": awards,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_create(request):
    require(is_bureau_staff(request.user))
    form = CompetitionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        competition = call_service(
            form,
            competitions.competition_create,
            user=request.user,
            title=data["title"],
            description=data["description"],
            organizer=data["organizer"],
            open_now=data["open_now"],
            deadlines=form.deadlines(),
            scoring_deadlines=form.scoring_deadlines(),
            criteria=data["criteria"],
        )
        if competition:
            messages.success(request, _("The competition has been created. Now assign its judges."))
            return redirect("entrepreneurship:competition_manage", pk=competition.pk)
    return form_page(request, form=form, title=_("New competition"), submit=_("Create"))


@login_required
@require_POST
def judge_add(request, pk):
    require(is_bureau_staff(request.user))
    competition = get_object_or_404(Competition, pk=pk)
    form = JudgeAssignForm(request.POST)
    judge = None
    if form.is_valid():
        judge = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
    if judge is None:
        messages.error(request, _("No active user has this user name."))
    else:
        competitions.judge_assign(competition=competition, judge=judge, user=request.user)
        messages.success(request, _("%(name)s is now a judge of this competition.") % {"name": judge.username})
    return redirect("entrepreneurship:competition_manage", pk=pk)
