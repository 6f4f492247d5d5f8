# namndbot: the Telegram bot, with its SQLite database on a volume.
#   docker build -t namndbot .
#   docker run -d --env-file .env -v namndbot-data:/data namndbot
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
RUN pip install --no-cache-dir --root-user-action=ignore --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NAMNDBOT_DB=/data/namndbot.db
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin namndbot \
    && mkdir -p /data && chown namndbot:namndbot /data
COPY --from=build /install /usr/local
USER namndbot
WORKDIR /data
VOLUME ["/data"]
# only used with `namndbot run --webhook URL --listen 0.0.0.0:8443`
EXPOSE 8443
HEALTHCHECK --interval=1m --timeout=10s --start-period=20s --retries=3 CMD ["namndbot", "health"]
CMD ["namndbot", "run"]
