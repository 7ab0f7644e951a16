from custody_platform.migrations import run_env
from device_gateway.adapters.orm import Base

run_env(Base.metadata)
