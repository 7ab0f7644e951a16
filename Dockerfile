# One image for every Custody service. docker-compose.yml picks the service per container
# with `command: ["python", "-m", "<module>"]` (modules listed in infra/services.yaml).
FROM python:3.11-slim

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /usr/local/bin/

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PYTHONUNBUFFERED=1 \
    PATH="/app/.venv/bin:$PATH"

WORKDIR /app

# The workspace: every member's pyproject.toml is needed to resolve the lock.
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
COPY tools tools
COPY proto proto
COPY infra infra
RUN uv sync --frozen --no-dev

RUN useradd --system --uid 10001 --home-dir /app custody
USER custody

EXPOSE 8000 50051
CMD ["python", "-m", "gateway"]
