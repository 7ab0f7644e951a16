"""The home page's counts, loaded after the page: each takes an API call or more."""

from __future__ import annotations

from web.domain.home import HomeCounts, operates_devices
from web.service_layer import devices, video_requests
from web.service_layer.api import Api


async def home_counts(api: Api) -> HomeCounts:
    me = await api.me()
    unread = (await api.get_json("/notifications/unread-count"))["unread"]
    waiting = None
    if not me.guest:  # an owner may name anyone its approver, so anyone may have reviews
        found = int((await api.get_json("/requests/review-queue", limit=1))["total"])
        waiting = found if found or me.decides else None
    transfers = None
    if operates_devices(me):
        transfers = sum(d.pending_video_requests for d in await devices.devices(api))
    return HomeCounts(
        open_requests=await video_requests.open_requests(api),
        unread_notifications=int(unread),
        reviews_waiting=waiting,
        pending_transfers=transfers,
    )
