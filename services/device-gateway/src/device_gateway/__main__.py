from custody_platform.runtime import run_service

from device_gateway.bootstrap import build
from device_gateway.config import Settings

run_service(Settings(), "device_gateway", build)
