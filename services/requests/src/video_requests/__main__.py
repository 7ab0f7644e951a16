from custody_platform.runtime import run_service

from video_requests.bootstrap import build
from video_requests.config import Settings

if __name__ == "__main__":
    run_service(Settings(), "video_requests", build)
