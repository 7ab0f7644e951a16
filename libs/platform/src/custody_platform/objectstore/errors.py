"""Object store errors, kept apart so every module can raise them without import cycles."""

from __future__ import annotations


class ObjectStoreError(Exception):
    """Base class of every object store failure."""


class ObjectNotFound(ObjectStoreError):
    """No object is stored under the key."""


class IntegrityError(ObjectStoreError):
    """The bytes do not hash to the sha256 that was expected or stored."""


class ObjectExists(ObjectStoreError):
    """The key is taken and overwrite was not asked for: objects are immutable."""
