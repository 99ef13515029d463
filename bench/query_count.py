"""Counts the SQL queries of one request, for the benchmark's counting pass only.

A request with the header `X-Count-Queries: 1` gets its count back in `X-Query-Count`; any other
request goes straight through, so the timed runs pay one dictionary lookup and nothing more.
"""

from django.db import connection

REQUEST_HEADER = "HTTP_X_COUNT_QUERIES"
RESPONSE_HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REQUEST_HEADER not in request.META:
            return self.get_response(request)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[RESPONSE_HEADER] = str(len(queries))
        return response
