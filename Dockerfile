# syntax=docker/dockerfile:1
# One image for every Custody service. docker-compose.yml picks the service per container
# with `command: ["python", "-m", "<module>"]` (modules listed in infra/services.yaml).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

# --- builder: the virtual environment, dependencies first -----------------------------------
FROM ${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app

# Only the manifests: this layer (every third-party package, prebuilt wheels only, so no
# compiler) is rebuilt when uv.lock or a pyproject.toml changes, not when the source does.
COPY pyproject.toml uv.lock ./
COPY libs/contracts/pyproject.toml libs/contracts/
COPY libs/platform/pyproject.toml libs/platform/
COPY services/audit/pyproject.toml services/audit/
COPY services/device-gateway/pyproject.toml services/device-gateway/
COPY services/evidence/pyproject.toml services/evidence/
COPY services/gateway/pyproject.toml services/gateway/
COPY services/notifier/pyproject.toml services/notifier/
COPY services/redaction/pyproject.toml services/redaction/
COPY services/registry/pyproject.toml services/registry/
COPY services/requests/pyproject.toml services/requests/
COPY services/web/pyproject.toml services/web/
COPY tools/admin/pyproject.toml tools/admin/
COPY tools/devicesim/pyproject.toml tools/devicesim/
COPY tools/verifier/pyproject.toml tools/verifier/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --no-build

# Then the source, and the workspace's own packages on top.
COPY libs libs
COPY services services
COPY tools tools
COPY infra infra
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --- runtime: Python, the environment and the source; no uv, no compiler --------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH="/app/.venv/bin:$PATH"

# uid 10001 owns the data folders (named volumes mounted there start with that owner) and
# nothing under /app: the code it runs is read-only to it.
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home custody \
    && install -d -o custody -g custody -m 0750 \
        /data /data/staging /data/vms-watch /data/redaction /data/ledger /data/c2pa

WORKDIR /app
COPY --from=builder /app /app

USER 10001:10001
EXPOSE 8000 50051
CMD ["python", "-m", "gateway"]
