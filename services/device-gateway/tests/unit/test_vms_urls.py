from __future__ import annotations

import ipaddress

import pytest
from custody_platform.errors import InvalidArgument
from device_gateway.adapters.vms.http_connector import HttpVmsConnector
from device_gateway.domain.vms import refused_address, validate_vms_url

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "https://vms.harbor.example/api/",
        "http://10.1.2.3",
        "watch-folder://site-a",
    ],
)
def test_accepted_vms_urls(url: str) -> None:
    assert validate_vms_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://vms.example",
        "file:///etc/passwd",
        "http://admin:secret@vms.example",
        "http://user@vms.example",
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:169.254.169.254]/",
        "http://metadata.google.internal/",
        "http://0.0.0.0:80",
        "http://vms.example/?token=x",
        "watch-folder://../etc",
        "watch-folder://a/b",
        "http://",
    ],
)
def test_refused_vms_urls_before_any_connection(url: str) -> None:
    with pytest.raises(InvalidArgument):
        HttpVmsConnector(url)


def test_refused_addresses() -> None:
    assert refused_address(ipaddress.ip_address("169.254.10.1"))
    assert refused_address(ipaddress.ip_address("224.0.0.1"))
    assert not refused_address(ipaddress.ip_address("127.0.0.1"))
    assert not refused_address(ipaddress.ip_address("192.168.1.20"))
