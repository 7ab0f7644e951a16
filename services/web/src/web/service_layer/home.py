"""The home page's counts, loaded after the page: one API call each, made side by side."""

from __future__ import annotations

import asyncio

from web.domain.home import HomeCounts, operates_devices
from web.domain.request_views import Me
from web.service_layer import devices, video_requests
from web.service_layer.api import Api


async def home_counts(api: Api) -> HomeCounts:
    me = await api.me()
    unread, requests, waiting, transfers = await asyncio.gather(
        api.get_json("/notifications/unread-count"),
        video_requests.open_requests(api),
        _reviews_waiting(api, me),
        _pending_transfers(api, me),
    )
    return HomeCounts(
        open_requests=requests,
        unread_notifications=int(unread["unread"]),
        reviews_waiting=waiting,
        pending_transfers=transfers,
    )


async def _reviews_waiting(api: Api, me: Me) -> int | None:
    if me.guest:
        return None
    # An owner may name anyone its camera's approver: anyone may have reviews waiting.
    found = int((await api.get_json("/requests/review-queue", limit=1))["total"])
    return found if found or me.decides else None


async def _pending_transfers(api: Api, me: Me) -> int | None:
    if not operates_devices(me):
        return None
    return sum(d.pending_video_requests for d in await devices.devices(api))
