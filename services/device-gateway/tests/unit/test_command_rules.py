from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import Conflict, InvalidArgument
from device_gateway.domain.model import (
    COMMAND_TRANSITIONS,
    OPEN_COMMANDS,
    CommandStatus,
    DeviceKind,
    command_transition,
    default_background_recording,
    is_online,
    seen_event_due,
    validate_new_device,
)
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
ENDINGS = set(CommandStatus) - OPEN_COMMANDS


def test_every_status_has_a_row_and_endings_are_final() -> None:
    assert set(COMMAND_TRANSITIONS) == set(CommandStatus)
    for ending in ENDINGS:
        assert COMMAND_TRANSITIONS[ending] == frozenset()


@pytest.mark.parametrize("ending", sorted(ENDINGS))
@pytest.mark.parametrize("start", sorted(OPEN_COMMANDS))
def test_open_commands_can_end_every_way(start: CommandStatus, ending: CommandStatus) -> None:
    assert command_transition(start, ending) is ending


def test_acknowledged_is_not_delivered_again() -> None:
    assert command_transition("delivered", CommandStatus.DELIVERED) is CommandStatus.DELIVERED
    with pytest.raises(Conflict) as caught:
        command_transition("acknowledged", CommandStatus.DELIVERED)
    assert caught.value.current_state == "acknowledged"


@given(st.sampled_from(sorted(ENDINGS)), st.sampled_from(list(CommandStatus)))
def test_nothing_leaves_an_ending(ending: CommandStatus, target: CommandStatus) -> None:
    with pytest.raises(Conflict) as caught:
        command_transition(ending, target)
    assert caught.value.current_state == ending


def test_background_recording_defaults_follow_the_kind() -> None:
    assert default_background_recording(DeviceKind.IN_CAR) is True
    assert default_background_recording(DeviceKind.BODY_WORN) is False
    assert default_background_recording(DeviceKind.VMS) is False


@pytest.mark.parametrize(
    ("name", "kind", "channels"),
    [
        ("", "in_car", 1),
        ("x" * 201, "in_car", 1),
        ("Dock", "drone", 1),
        ("Dock", "vms", 0),
        ("Dock", "vms", 65),
    ],
)
def test_invalid_devices_are_refused(name: str, kind: str, channels: int) -> None:
    with pytest.raises(InvalidArgument):
        validate_new_device(name, kind, channels)


def test_valid_device_kind() -> None:
    assert validate_new_device("Dock DVR", "in_car", 2) is DeviceKind.IN_CAR


def test_device_seen_is_throttled_to_once_a_minute() -> None:
    assert seen_event_due(None, NOW)
    assert not seen_event_due(NOW - timedelta(seconds=59), NOW)
    assert seen_event_due(NOW - timedelta(seconds=60), NOW)


def test_online_means_seen_in_the_last_two_minutes() -> None:
    assert not is_online(None, NOW)
    assert is_online(NOW - timedelta(seconds=119), NOW)
    assert not is_online(NOW - timedelta(minutes=3), NOW)
