"""The home page's counts, loaded after the page: each takes an API call or more."""

from __future__ import annotations

from web.domain.home import HomeCounts, operates_devices
from web.service_layer import devices, video_requests
from web.service_layer.api import Api


async def home_counts(api: Api) -> HomeCounts:
    me = await api.me()
    unread = (await api.get_json("/notifications/unread-count"))["unread"]
    waiting = len(await video_requests.review_queue(api, me)) if me.decides else None
    transfers = None
    if operates_devices(me):
        transfers = sum(d.pending_video_requests for d in await devices.devices(api))
    return HomeCounts(
        open_requests=await video_requests.open_requests(api),
        unread_notifications=int(unread),
        reviews_waiting=waiting,
        pending_transfers=transfers,
    )
