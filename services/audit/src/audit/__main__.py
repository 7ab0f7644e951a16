from custody_platform.runtime import run_service

from audit.bootstrap import build
from audit.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "audit", build)
