"""The device operator's pages: the org's devices, a background-video request to one device, and
its pending transfers."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
