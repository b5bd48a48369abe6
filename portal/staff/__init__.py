"""The bureau's staff workbench (/staff/): dashboard, reports and exports, bulk import of discharged veterans,
acting for a veteran at the counter (代办), the audit-log browser and the staff second-factor requirement.

What it shows of the pillar apps (dashboard sections, exports, staff pages, 代办 actions) it reads from their
declared `Pillar` only (portal.pillars).
"""
