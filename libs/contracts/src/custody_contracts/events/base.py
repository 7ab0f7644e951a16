"""The base of every domain event: frozen pydantic models with a literal, versioned `type`.

Within a version only additive, optional fields may be added; a breaking change is a new
class with a `.v2` type. Every event names its aggregate (`key`) so Kafka keeps one
aggregate's events in order.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    type: str
    topic: ClassVar[str]
    key_field: ClassVar[str]  # the aggregate id: Kafka keeps one aggregate's events in order

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))
