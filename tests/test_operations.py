"""What an operator meets: one-line errors (exit 2, never the token), health, webhook mode, licence, terminal."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from knowledge import texts
from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:REVOKED-very-secret-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _namndbot(*args: str, env: dict[str, str], cwd: Path, timeout: float = 60) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def _assert_one_line(code: int, out: str, err: str, *, expect: str) -> None:
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    assert TOKEN not in out + err and TOKEN.partition(":")[2] not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expect in lines[0], err


@pytest.fixture
def sample_copy(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bot.db"
    shutil.copy(sample_db, copy)
    return copy


async def test_revoked_token_is_one_line_without_the_token(server: FakeTelegram, sample_copy: Path,
                                                           tmp_path: Path) -> None:
    server.fail("getMe", 401, "Unauthorized", times=10)
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.url, "NAMNDBOT_DB": str(sample_copy)}
    code, out, err = await _namndbot("run", env=env, cwd=tmp_path)
    _assert_one_line(code, out, err, expect="TELEGRAM_BOT_TOKEN")
    assert err.strip() == texts.BAD_TOKEN
    assert [c.method for c in server.calls] == ["getMe!401"]


def _main(args: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
          capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line in this process (fast), from a folder without a .env file."""
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "NAMNDBOT_DB", "NAMNDBOT_WEBHOOK_SECRET"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unreachable_bot_api_is_one_line(sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": url, "NAMNDBOT_DB": str(sample_copy)}
    code, out, err = _main(["run"], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect=f"når inte Bot API på {url}")


@pytest.mark.parametrize("command", [["ask", "telefoni"], ["run"], ["health"], ["chat"]])
def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, command: list[str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9"}
    code, out, err = _main(["--db", str(tmp_path), *command], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect="är en mapp")
    blocker = tmp_path / "fil.txt"
    blocker.write_text("inte en mapp")
    code, out, err = _main(["--db", str(blocker / "namndbot.db"), *command], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect=f"databasen {blocker / 'namndbot.db'}")
    blocker.write_text("ingen SQLite-fil " * 400)
    code, out, err = _main(["--db", str(blocker), *command], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect=f"{blocker} är ingen namndbot-databas")


@pytest.mark.parametrize("command", [["ask", "telefoni"], ["run"], ["health"], ["chat"]])
def test_an_empty_store_says_how_to_fill_it(tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9"}
    code, out, err = _main(["--db", str(tmp_path / "tom.db"), *command], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect="Databasen är tom – kör `namndbot sync` eller `namndbot ingest`")


def test_health_reports_what_the_store_holds(sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _main(["--db", str(sample_copy), "health"], {}, monkeypatch, tmp_path, capsys)
    assert code == 0 and out.startswith("ok: 42 möten")


@pytest.mark.parametrize(("options", "expect"), [
    (["--webhook", "bot.example.org"], "--webhook"),
    (["--webhook", "https://bot.example.org/t", "--listen", "8443"], "--listen"),
    (["--webhook", "https://bot.example.org/t", "--secret-token", "inte hemlig!"], "--secret-token"),
])
def test_bad_webhook_options_are_one_line(sample_copy: Path, tmp_path: Path, options: list[str], expect: str,
                                          monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "NAMNDBOT_DB": str(sample_copy)}
    code, out, err = _main(["run", *options], env, monkeypatch, tmp_path, capsys)
    _assert_one_line(code, out, err, expect=expect)


async def test_webhook_mode_registers_the_secret_and_answers_only_with_it(server: FakeTelegram, sample_copy: Path,
                                                                          tmp_path: Path) -> None:
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123456:TEST-token",
           "TELEGRAM_API_BASE_URL": server.url, "NAMNDBOT_DB": str(sample_copy)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--webhook", hook, "--listen", f"127.0.0.1:{port}",
        "--secret-token", "s3cret-Token_1", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    question = "vad beslutades om telefoni?"
    try:
        (registered,) = await server.wait_for("setWebhook", timeout=30)
        update = {"update_id": 1, "message": {
            "message_id": 5, "date": 1700000000, "text": question,
            "chat": {"id": 77, "type": "private"}, "from": {"id": 77, "is_bot": False, "first_name": "Anna"}}}
        async with aiohttp.ClientSession() as session:
            wrong = await _post(session, hook, update, secret="fel")
            right = await _post(session, hook, update, secret="s3cret-Token_1")
        (reply,) = await server.wait_for("sendMessage", chat_id=77, timeout=30)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert registered["url"] == hook and registered["secret_token"] == "s3cret-Token_1"
    assert wrong == 403 and right == 200
    assert re.match(r"\d+ ärenden? om <i>telefoni</i>", reply["text"])
    assert b"TEST-token" not in err and question.encode() not in err  # no token, no message text in the log
    assert b"Traceback" not in err


async def _post(session: aiohttp.ClientSession, url: str, update: dict, *, secret: str) -> int:
    """POST an update as Telegram does; the server starts listening just after setWebhook, so retry briefly."""
    for _ in range(200):
        try:
            async with session.post(url, data=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}) as response:
                return response.status
        except aiohttp.ClientConnectorError:
            await asyncio.sleep(0.05)
    raise AssertionError(f"nothing listens on {url}")


def test_licence_is_mit_and_named_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_terminal_chat_has_line_editing_and_history(sample_copy: Path, tmp_path: Path) -> None:
    """Arrow up brings back the last question (readline), and the history outlives the session."""
    pty = pytest.importorskip("pty")
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the chat in a terminal
        os.environ.update({"XDG_STATE_HOME": str(tmp_path / "state"), "PYTHONPATH": str(ROOT), "TERM": "xterm"})
        os.execv(sys.executable, [sys.executable, "-m", "bot", "--db", str(sample_copy), "chat"])
    output = b""

    def read_until(marker: bytes, count: int = 1) -> None:
        nonlocal output
        while output.count(marker) < count:
            ready, _, _ = select.select([fd], [], [], 30)
            assert ready, output.decode(errors="replace")
            output += os.read(fd, 65536)

    read_until(texts.CHAT_PROMPT.encode())
    os.write(fd, b"telefoni\r")
    read_until(texts.CHAT_PROMPT.encode(), 2)
    os.write(fd, b"\x1b[A\r")  # arrow up, enter: the same question again
    read_until(texts.CHAT_PROMPT.encode(), 3)
    os.write(fd, b"\x04")  # Ctrl-D
    read_until(texts.CHAT_BYE.encode())
    os.waitpid(pid, 0)
    os.close(fd)
    assert len(re.findall(r"\d+ ärenden? om telefoni", output.decode())) == 2
    assert "telefoni" in (tmp_path / "state" / "namndbot" / texts.CHAT_HISTORY_FILE).read_text()


def test_docker_image_builds_when_an_engine_is_available() -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("ingen Docker-motor här")
    result = subprocess.run([docker, "build", "-q", "-t", "namndbot:test", str(ROOT)], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    run = subprocess.run([docker, "run", "--rm", "namndbot:test", "namndbot", "--help"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0 and "namndbot" in run.stdout


def test_deployment_files_run_the_bot_as_a_non_root_user_with_the_database_on_a_volume() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in dockerfile
    assert "USER namndbot" in dockerfile and 'VOLUME ["/data"]' in dockerfile
    assert 'HEALTHCHECK' in dockerfile and '["namndbot", "health"]' in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["namndbot", "run"]')
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "restart: unless-stopped" in compose and "namndbot-data:/data" in compose
    units = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "deploy").iterdir()}
    assert "ExecStart=/opt/namndbot/.venv/bin/namndbot run" in units["namndbot.service"]
    assert "Restart=on-failure" in units["namndbot.service"]
    for job in ("sync", "digest"):
        assert f"namndbot {job}" in units[f"namndbot-{job}.service"]
        assert "Type=oneshot" in units[f"namndbot-{job}.service"]
        assert "OnCalendar=" in units[f"namndbot-{job}.timer"]
    analyze = shutil.which("systemd-analyze")
    if analyze:
        for name in ("namndbot-sync.timer", "namndbot-digest.timer"):
            spec = next(line.split("=", 1)[1] for line in units[name].splitlines() if line.startswith("OnCalendar="))
            assert subprocess.run([analyze, "calendar", spec], capture_output=True, timeout=30).returncode == 0, spec
