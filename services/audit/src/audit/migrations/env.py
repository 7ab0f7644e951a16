from audit.adapters.orm import Base
from custody_platform.migrations import run_env

run_env(Base.metadata)
