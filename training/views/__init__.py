"""Pages of the training app: public (catalogue, veterans' enrolments, check-in, certificates), manage (the
institution area), staff (bureau staff deciding subsidy claims) and acting (代办 enrolment)."""
