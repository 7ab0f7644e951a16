from custody_platform.runtime import run_service

from gateway.bootstrap import build
from gateway.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "gateway", build)
