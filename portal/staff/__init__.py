"""The bureau's staff workbench (/staff/): dashboard, reports and exports, bulk import of discharged veterans,
acting for a veteran at the counter (代办), the audit-log browser and the staff second-factor requirement.

Pillar apps plug in through three optional hooks, each looked up lazily so a missing app never breaks the page:
- `<app>.selectors.dashboard_figures(*, region=None, start=None, end=None) -> dict`   (see portal.staff.dashboard)
- `<app>.exports.EXPORTS: list[portal.staff.exports.ExportDefinition]`              (see portal.staff.exports)
- `portal.staff.acting.register_action(...)` called from `<app>.apps.AppConfig.ready()` (see portal.staff.acting)
"""
