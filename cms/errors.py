"""The server error handler: an outage of a service we depend on is "come back shortly" (503),
anything else a 500.

While PostgreSQL restarts or fails over, every request that needs it fails with an
OperationalError; while the media bucket is unreachable, making a new image rendition fails with
a botocore connection error. Readers and load balancers should see a temporary condition with
Retry-After, not a server error. Both pages render without the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from botocore.exceptions import ConnectionError as StorageConnectionError

RETRY_AFTER_SECONDS = 5
SERVICE_UNAVAILABLE = (OperationalError, InterfaceError, StorageConnectionError)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], SERVICE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
