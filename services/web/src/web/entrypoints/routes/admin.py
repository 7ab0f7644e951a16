"""The owner admin's pages: cameras, bulk import, groups, request settings and the request form
builder."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
