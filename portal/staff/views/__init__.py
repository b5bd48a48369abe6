"""Pages of the staff workbench: workbench (dashboard, lists, exports, imports, audit log) and acting (代办)."""
