"""The investigator's map: find cameras near a place and pick them for a request."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
