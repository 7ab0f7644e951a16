from custody_platform.migrations import run_env
from video_requests.adapters.orm import Base

run_env(Base.metadata)
