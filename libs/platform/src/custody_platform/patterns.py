"""Regular expressions that users write (form field patterns), matched in linear time.

A pattern set by one organization's admin runs inside a service every organization shares. With
a backtracking engine (Python's `re`) a pattern like `^(a+)+$` holds the process for hours on a
34-character answer. RE2 never backtracks: matching time grows with the text, whatever the
pattern. It refuses the constructs that need backtracking (backreferences, lookaround), so
`compile_user_pattern` is also the check at publish time. Python's `re` is for our own literal
patterns only (`tests/test_house_rules.py` checks that).
"""

from __future__ import annotations

from functools import lru_cache

import re2

MAX_PATTERN_LENGTH = 500
_MAX_MEMORY = 1 << 20  # bytes RE2 may use for one compiled pattern


class UnsafePattern(ValueError):
    """The pattern is too long, not valid, or uses a construct RE2 cannot run in linear time."""


@lru_cache(maxsize=1024)
def compile_user_pattern(pattern: str) -> re2._Regexp:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"must be at most {MAX_PATTERN_LENGTH} characters")
    options = re2.Options()
    options.max_mem = _MAX_MEMORY
    options.log_errors = False  # a bad pattern is the caller's mistake, reported to them
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise UnsafePattern(f"is not a valid regular expression for RE2 ({reason})") from None


def matches_whole(pattern: str, text: str) -> bool:
    """True when `text` matches `pattern` from its first character to its last."""
    return compile_user_pattern(pattern).fullmatch(text) is not None
