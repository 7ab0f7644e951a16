"""Requests as the people on both sides use them: compose one to several owners, the list with
its filters, a request's page with its conversation, and the approver's review queue and
decisions."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
