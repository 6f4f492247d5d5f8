"""Settings: read and checked once; a bad value is one Swedish line naming the variable, and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError


def read(**env: str) -> Settings:
    return Settings.from_env({"NAMNDBOT_DB": "/tmp/x.db", **env})


def test_defaults_come_from_one_place() -> None:
    settings = read()
    assert (settings.digest_day, settings.digest_time, settings.timezone) == (0, "07:00", "Europe/Stockholm")
    assert (settings.rate_per_minute, settings.send_rate_global, settings.send_rate_chat) == (20, 30.0, 1.0)
    assert settings.log_level == "INFO" and settings.digest_send_empty is False
    assert read(NAMNDBOT_DIGEST_DAY="").digest_day == 0  # an empty line in .env means the default


def test_good_values_are_read() -> None:
    settings = read(NAMNDBOT_DIGEST_DAY="4", NAMNDBOT_DIGEST_TIME="6:30", NAMNDBOT_TIMEZONE="Europe/Helsinki",
                    NAMNDBOT_DIGEST_SEND_EMPTY="ja", NAMNDBOT_RATE_PER_MINUTE="5", NAMNDBOT_SEND_RATE="2,5",
                    NAMNDBOT_LOG_LEVEL="debug")
    assert (settings.digest_day, settings.digest_time, settings.timezone) == (4, "06:30", "Europe/Helsinki")
    assert settings.digest_send_empty and settings.rate_per_minute == 5 and settings.send_rate_global == 2.5
    assert settings.log_level == "DEBUG"


# variable=value → the start of the one-line error
BAD_VALUES = """
NAMNDBOT_DIGEST_DAY=måndag → NAMNDBOT_DIGEST_DAY: ”måndag” är inte en veckodag 0–6 (0 = måndag)
NAMNDBOT_DIGEST_DAY=7 → NAMNDBOT_DIGEST_DAY: ”7” är inte en veckodag 0–6 (0 = måndag)
NAMNDBOT_DIGEST_TIME=25:00 → NAMNDBOT_DIGEST_TIME: ”25:00” är inte en tid TT:MM (00:00–23:59)
NAMNDBOT_DIGEST_TIME=sju → NAMNDBOT_DIGEST_TIME: ”sju” är inte en tid TT:MM (00:00–23:59)
NAMNDBOT_TIMEZONE=Europe/Stokholm → NAMNDBOT_TIMEZONE: ”Europe/Stokholm” är ingen känd tidszon
NAMNDBOT_DIGEST_SEND_EMPTY=kanske → NAMNDBOT_DIGEST_SEND_EMPTY: ”kanske” ska vara 1 eller 0
NAMNDBOT_RATE_PER_MINUTE=-3 → NAMNDBOT_RATE_PER_MINUTE: ”-3” ska vara ett heltal 1 eller större
NAMNDBOT_SEND_RATE=-1 → NAMNDBOT_SEND_RATE: ”-1” ska vara ett tal större än 0
NAMNDBOT_SEND_RATE_PER_CHAT=0 → NAMNDBOT_SEND_RATE_PER_CHAT: ”0” ska vara ett tal större än 0
NAMNDBOT_SEND_RATE=snabbt → NAMNDBOT_SEND_RATE: ”snabbt” ska vara ett tal större än 0
NAMNDBOT_LOG_LEVEL=pratig → NAMNDBOT_LOG_LEVEL: ”pratig” är ingen loggnivå (DEBUG, INFO, WARNING, ERROR)
"""


@pytest.mark.parametrize("case", BAD_VALUES.strip().splitlines())
def test_a_bad_value_names_the_variable_and_what_it_accepts(case: str) -> None:
    setting, message = case.split(" → ")
    variable, value = setting.split("=", 1)
    with pytest.raises(SettingsError) as caught:
        read(**{variable: value})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def _cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env}, cwd=cwd)


def test_the_command_line_exits_2_with_one_line_on_a_bad_setting(tmp_path: Path) -> None:
    done = _cli("--db", str(tmp_path / "x.db"), "ask", "telefoni", env={"NAMNDBOT_DIGEST_DAY": "måndag"},
                cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "fel: NAMNDBOT_DIGEST_DAY: ”måndag” är inte en veckodag 0–6 (0 = måndag)"
    assert "Traceback" not in done.stderr


def test_version_and_log_level_options(tmp_path: Path) -> None:
    version = _cli("--version", env={}, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("namndbot ")
    assert version.stdout.split()[1][0].isdigit()
    db = str(tmp_path / "x.db")
    seeds = Path(__file__).resolve().parent.parent / "knowledge" / "sample_data" / "seeds" / "INDEX.tsv"
    assert _cli("ingest", "--db", db, "--manifest", str(seeds), env={}, cwd=tmp_path).returncode == 0
    for args in (["--log-level", "debug", "ask", "--db", db, "telefoni"], ["ask", "--log-level", "WARNING", "x"]):
        done = _cli(*args, env={"NAMNDBOT_DB": db}, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    bad = _cli("--log-level", "pratig", "ask", "x", env={"NAMNDBOT_DB": db}, cwd=tmp_path)
    assert bad.returncode == 2 and "--log-level" in bad.stderr and "Traceback" not in bad.stderr


def test_an_exception_is_logged_as_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from bot.settings import configure_logging

    configure_logging("INFO")
    try:
        raise RuntimeError("disk full\nsecond line")
    except RuntimeError:
        logging.getLogger("namndbot").exception("Fel när en uppdatering hanterades")
    logging.getLogger("namndbot").debug("not shown at INFO")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Fel när en uppdatering hanterades" in err and "RuntimeError: disk full" in err and "Traceback" in err
    logging.getLogger().handlers.clear()
