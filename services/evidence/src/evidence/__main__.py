from custody_platform.runtime import run_service

from evidence.bootstrap import build
from evidence.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "evidence", build)
