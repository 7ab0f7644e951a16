"""HTTP Range parsing for evidence streams, and the public links the gateway hands out."""

from __future__ import annotations

import pytest
from gateway.domain.links import PublicLinks
from gateway.entrypoints.api.downloads import RangeNotSatisfiable, parse_range
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", (0, 100)),
        ("bytes=100-", (100, 900)),
        ("bytes=-100", (900, 100)),
        ("bytes=-5000", (0, 1000)),  # a suffix longer than the item is the whole item
        ("bytes=990-5000", (990, 10)),  # an end past the item is clipped
        ("bytes=0-0", (0, 1)),
        ("bytes=0-9,20-29", None),  # several ranges: the whole item instead
        ("items=0-9", None),
        ("bytes=-", None),
    ],
)
def test_ranges(header: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=10-5", "bytes=-0"])
def test_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, 1000)


@given(st.integers(1, 10**12), st.integers(0, 10**12), st.integers(0, 10**12))
def test_any_satisfiable_range_stays_inside_the_item(size: int, first: int, last: int) -> None:
    try:
        span = parse_range(f"bytes={first}-{last}", size)
    except RangeNotSatisfiable:
        assert first >= size or last < first
        return
    assert span is not None
    offset, length = span
    assert offset == first and length >= 1 and offset + length <= size


def test_links_are_absolute_when_the_public_urls_are_known() -> None:
    links = PublicLinks(
        "https://api.custody.example/", "https://ingest.custody.example", "https://custody.example/"
    )
    assert links.share("t0k") == "https://custody.example/s/t0k"  # the web app's viewer
    assert links.file_request("t0k") == "https://custody.example/f/t0k"  # a web app page
    assert links.tus() == "https://ingest.custody.example/ingest/v1/uploads"
    assert PublicLinks().file_request("t0k") == "/f/t0k"
