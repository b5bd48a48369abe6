"""Data of person-job matching: the military-to-civilian crosswalk, push records, weekly picks."""
