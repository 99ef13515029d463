"""Work a request asks for that nobody in it needs to wait for, done once its response has gone out.

With django-tasks' immediate backend (the default) a task runs in the caller: a webhook delivery
made while an editor publishes would hold the editor's page until the receiver answers or the
timeout passes. The WSGI server calls the response's close() after sending its last byte, and
Django then sends `request_finished`: work handed to `after_response` during a request runs then,
in the same worker, before it takes its next request. Outside a request (management commands,
task workers, the shell) the work runs at once.
"""

import logging
import threading

logger = logging.getLogger(__name__)

_request = threading.local()


def open_request(**kwargs):
    _request.pending = []


def close_request(**kwargs):
    pending, _request.pending = getattr(_request, "pending", None), None
    for work in pending or ():
        try:
            work()
        except Exception:
            # The response has gone: nobody to show an error to, and the next work must still run.
            logger.exception("Work done after a response failed")


def after_response(work):
    """Call `work()` after the current request's response has been sent, or now outside a request."""
    pending = getattr(_request, "pending", None)
    if pending is None:
        work()
    else:
        pending.append(work)
