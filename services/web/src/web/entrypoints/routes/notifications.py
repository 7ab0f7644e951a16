"""The notification tray: the unread count, the list, mark read, and the live stream the bell
listens to."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
