from custody_platform.migrations import run_env
from notifier.adapters.orm import Base

run_env(Base.metadata)
