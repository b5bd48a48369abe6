"""{% progress obj %}: an application's step indicator and timeline (portal.progress)."""

from django import template

from portal import progress as progress_module

register = template.Library()


@register.inclusion_tag("includes/progress.html")
def progress(obj, heading_level: int = 2):
    steps = progress_module.shown_steps(obj)
    current = next((s.step for s in steps if s.current), None)
    return {
        "steps": steps,
        "current": current,
        "history": progress_module.history(obj),
        "heading": f"h{heading_level}",
        "prefix": f"progress-{obj._meta.model_name}-{obj.pk}",
    }
