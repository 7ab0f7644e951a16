from custody_platform.runtime import run_service

from registry.bootstrap import build
from registry.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "registry", build)
