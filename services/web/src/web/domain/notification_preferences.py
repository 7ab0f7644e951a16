"""The person's notification preferences as the page shows them, and the form read back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from web.domain.views import ApiModel

# The API's choices, in the page's order, as a person reads them.
CHOICES = {
    "email": "Email",
    "in_app": "In Custody only",
    "digest": "Daily digest email",
    "off": "Off",
}


class Preference(ApiModel):
    topic: str
    label: str
    choice: str
    mandatory: bool = False


class Preferences(ApiModel):
    preferences: list[Preference]

    def changes(self, form: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
        """The PUT body: each changeable topic as ticked (as shown when left out); what the
        form sends for a topic is passed on as typed, for the API to judge."""
        chosen = [
            {"topic": p.topic, "choice": str(form.get(p.topic) or p.choice)}
            for p in self.preferences
            if not p.mandatory
        ]
        return {"preferences": chosen}

    def with_choices(self, form: Mapping[str, Any]) -> Preferences:
        """As ticked, to show again after a refusal."""
        return Preferences(
            preferences=[
                p if p.mandatory else p.model_copy(update={"choice": str(form.get(p.topic) or "")})
                for p in self.preferences
            ]
        )
