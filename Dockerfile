# syntax=docker/dockerfile:1
# Heron's production image: one image for the API (`heron serve`), the worker and migrations.
#   docker build -t heron .

ARG PYTHON_IMAGE=python:3.11-slim

# ---- backend: the locked virtual environment, built with uv -----------------------------------
FROM ${PYTHON_IMAGE} AS backend
ARG UV_VERSION=0.13.8
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=python3.11
WORKDIR /app/backend
# Dependencies first, so that a change to Heron's code does not reinstall them.
COPY backend/pyproject.toml backend/uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY backend/ ./
RUN uv sync --frozen --no-dev

# ---- web: the built app (web/dist), served by the API process at / ---------------------------
FROM node:20-slim AS web
WORKDIR /app/web
COPY web/package.json web/package-lock.json ./
# As in the Makefile: `npm ci` refuses a lock without other platforms' optional binaries on
# registries that answer 404 for them; `npm install` then installs the same locked versions.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- runtime: the environment and code, run as an unprivileged user --------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system heron \
    && useradd --system --gid heron --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin heron \
    && install -d -o heron -g heron -m 0750 /var/lib/heron
ENV PATH=/app/backend/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HERON_VAR_DIR=/var/lib/heron
# Owned by root: the heron user can read the code but not change it.
COPY --from=backend /app/backend /app/backend
# heron.config's default web folder: /app/web/dist beside /app/backend.
COPY --from=web /app/web/dist /app/web/dist
WORKDIR /app/backend
USER heron
VOLUME /var/lib/heron
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["heron", "serve", "--host", "0.0.0.0", "--port", "8000"]
