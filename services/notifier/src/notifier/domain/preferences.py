"""What each person wants to be told, and how: per topic, by email (and in the tray), in
the tray only, in the daily digest (and in the tray), or not at all. No I/O.

A topic groups the events one decision covers ("my request was approved or rejected").
Mandatory topics cannot be changed: they are security notices an organization relies on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument

EMAIL, IN_APP, DIGEST, OFF = "email", "in_app", "digest", "off"
CHOICES = (EMAIL, IN_APP, DIGEST, OFF)


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    default: str = EMAIL
    mandatory: bool = False


TOPICS = (
    Topic("review_requested", "A video request needs my decision"),
    Topic("request_decided", "My video request was approved or rejected"),
    Topic("request_fulfilled", "Video was delivered for my request"),
    Topic("request_status", "My request needs more information, has no video, or expired"),
    Topic("request_message", "A new message on a video request"),
    Topic("decision_due", "A decision on a video request is due soon"),
    Topic("public_upload", "A member of the public uploaded a file to my case"),
    Topic("background_video", "A device's background video transfer ended"),
    Topic("redaction_ready", "A redacted copy I asked for is ready"),
    Topic("disclosure_ready", "A disclosure package I asked for is ready"),
    # An integration stopped: admins must know, whatever they chose for the rest.
    Topic("webhook_disabled", "A webhook endpoint was disabled", IN_APP, mandatory=True),
)
BY_KEY = {topic.key: topic for topic in TOPICS}

# The email kinds (notifications.kind) and the topic each belongs to.
EMAIL_TOPICS = {
    "request_submitted": "review_requested",
    "request_approved": "request_decided",
    "request_rejected": "request_decided",
    "request_fulfilled": "request_fulfilled",
    "line_item_more_info_requested": "request_status",
    "line_item_video_unavailable": "request_status",
    "line_item_expired": "request_status",
    "message_posted": "request_message",
    "line_item_due_soon": "decision_due",
    "public_evidence_received": "public_upload",
    "background_video_finished": "background_video",
    "redaction_ready": "redaction_ready",
    "disclosure_ready": "disclosure_ready",
}


def choice(stored: Mapping[str, str], topic: str) -> str:
    """A person's choice for a topic: what they saved, else the topic's default."""
    known = BY_KEY[topic]
    return known.default if known.mandatory else stored.get(topic, known.default)


def emailed_now(stored: Mapping[str, str], topic: str) -> bool:
    return choice(stored, topic) == EMAIL


def in_tray(stored: Mapping[str, str], topic: str) -> bool:
    return choice(stored, topic) != OFF


def checked(changes: Mapping[str, str]) -> dict[str, str]:
    """The changes a person asked for, refused whole if one names no topic or choice, or
    changes a mandatory topic."""
    for topic, wanted in changes.items():
        known = BY_KEY.get(topic)
        if known is None:
            raise InvalidArgument(f"unknown topic {topic!r}")
        if wanted not in CHOICES:
            raise InvalidArgument(f"choice must be one of {', '.join(CHOICES)}")
        if known.mandatory and wanted != known.default:
            raise InvalidArgument(f"{known.label}: this notice is mandatory")
    return dict(changes)
