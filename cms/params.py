"""Numbers read from a request (a page number, an id in a query string), parsed strictly.

Python's int() takes more than a reader or a client means by a number: Unicode digits ("١٠" is
10), underscores ("1_0"), signs and spaces; and "²" passes str.isdigit() yet int() refuses it.
Only ASCII digits make a number here, and never more of them than a database integer holds.
"""

import re

MAX_DIGITS = 19  # as many as the largest 64-bit integer, the largest id a database column holds
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_int(value, default=None, minimum=None, maximum=None):
    """`value` as an int when it is ASCII digits only and within [minimum, maximum], else `default`."""
    if not isinstance(value, str) or not _NUMBER.fullmatch(value):
        return default
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def page_number(request, name="page"):
    """The page of a list asked for in the query string: a positive number, else the first page."""
    return parse_int(request.GET.get(name), default=1, minimum=1)
