# Dadres in a container: `docker build -t dadres .`, then see compose.yaml and
# docs/operations.md. The bot runs as an unprivileged user; its SQLite file (when
# DATABASE_URL is not PostgreSQL) lives in the /var/lib/dadres volume.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/dadres --create-home dadres

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY locales ./locales
RUN pip install . && rm -rf /src

USER dadres
WORKDIR /var/lib/dadres
ENV DATABASE_URL=sqlite+aiosqlite:////var/lib/dadres/dadres.sqlite3
VOLUME ["/var/lib/dadres"]
# 8080: `dadres run --webhook` (WEBHOOK_HOST=0.0.0.0); 9100: /metrics (METRICS_PORT=9100)
EXPOSE 8080 9100

CMD ["dadres", "run"]
