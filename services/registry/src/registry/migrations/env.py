from custody_platform.migrations import run_env
from registry.adapters.orm import Base

run_env(Base.metadata)
