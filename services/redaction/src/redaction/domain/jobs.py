"""Redaction job states. Only intake exists so far: jobs are queued, and the pipeline that
runs them (detect, track, mask, encode) is a later issue."""

from __future__ import annotations

from typing import Literal

JobStatus = Literal["queued", "running", "completed", "failed"]
JOB_STATUSES: tuple[JobStatus, ...] = ("queued", "running", "completed", "failed")
INITIAL_STATUS: JobStatus = "queued"
