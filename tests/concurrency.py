"""Run calls at the same moment, one thread and one database connection each (PostgreSQL, real transactions): how
the tests show that a limited resource is never over-booked."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def at_once(calls) -> list[str]:
    """Start every zero-argument call together; the outcomes, in finishing order: "ok", "refused" (the service's
    ValidationError) or the repr of any other exception (an unexpected error must fail the test, not vanish)."""
    barrier, lock, outcomes = threading.Barrier(len(calls)), threading.Lock(), []

    def worker(call):
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError:
            result = "refused"
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
