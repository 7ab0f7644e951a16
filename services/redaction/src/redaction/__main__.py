from custody_platform.runtime import run_service

from redaction.bootstrap import build
from redaction.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "redaction", build)
