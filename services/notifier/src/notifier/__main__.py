from custody_platform.runtime import run_service

from notifier.bootstrap import build
from notifier.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "notifier", build)
