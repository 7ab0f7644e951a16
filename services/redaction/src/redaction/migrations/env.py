from custody_platform.migrations import run_env
from redaction.adapters.orm import Base

run_env(Base.metadata)
