"""The namndbot command line, run as a user runs it: ingest, show, ask."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEEDS


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, input=stdin,
                          timeout=120)


def test_ingest_manifest_then_show_the_telephony_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "ingest", "--manifest", str(SEEDS / "INDEX.tsv")]) == 0
    out = capsys.readouterr().out
    assert "Möten: 2 nya" in out and "Ärenden: 22 nya" in out
    assert main(["--db", db, "ingest", "--manifest", str(SEEDS / "INDEX.tsv")]) == 0
    assert "2 oförändrade" in capsys.readouterr().out

    assert main(["--db", db, "ask", "--json", "--now", "2025-06-30", "telefoni"]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert main(["--db", db, "show", str(hit["item_id"])]) == 0
    shown = capsys.readouterr().out
    assert "Region Örebro läns avtal för telefoni inklusive tillhörande stödsystem löper ut" in shown
    assert "rubrik härledd" in shown
    assert "Servicenämnd" in shown and "2024-05-07" in shown
    assert "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07" in shown
    assert "telefonilösning" in shown


def test_delegation_line_is_its_own_sub_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    main(["--db", db, "ingest", "--manifest", str(SEEDS / "INDEX.tsv")])
    capsys.readouterr()
    main(["--db", db, "ask", "--json", "24RS1647-1"])
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert hit["case_numbers"] == ["24RS1647-1"]
    assert hit["parent_title"] == "Anmälan av delegationsbeslut"
    assert "storköksutrustning" in hit["text"] and "ärendehanteringssystem" not in hit["text"]
    main(["--db", db, "show", str(hit["item_id"])])
    assert "Del av ärende" in capsys.readouterr().out


def test_ingest_single_file_with_options_and_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    good = SEEDS / "servicenamnd__2024-05-07.txt"
    code = main(["--db", db, "ingest", str(empty), str(binary), str(good), "--committee", "servicenamnd",
                 "--date", "2024-05-07"])
    captured = capsys.readouterr()
    assert code == 1  # the good file was ingested, the others were not
    assert "empty.txt: filen är tom" in captured.err
    assert "bin.txt: filen är binär" in captured.err
    assert "Möten: 1 nya" in captured.out

    assert main(["--db", db, "ingest", str(empty)]) == 2
    assert main(["--db", db, "ingest", str(good), "--url", "https://example.org/nope"]) == 2
    assert "okänd URL-form" in capsys.readouterr().err
    assert main(["--db", db, "ingest", str(good), "--date", "2024-02-30"]) == 2
    assert "omöjligt datum" in capsys.readouterr().err


def test_manifest_row_with_missing_file_is_reported_and_others_ingested(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text((SEEDS / "servicenamnd__2024-05-07.txt").read_text(encoding="utf-8"))
    manifest = tmp_path / "INDEX.tsv"
    manifest.write_text("filename\turl\tcommittee_slug\na.txt\t\tservicenamnd\nmissing.txt\t\ty\n")
    assert main(["--db", str(tmp_path / "m.db"), "ingest", "--manifest", str(manifest)]) == 1
    captured = capsys.readouterr()
    assert "missing.txt: filen finns inte" in captured.err
    assert "Möten: 1 nya" in captured.out


def test_a_manifest_given_as_a_file_is_read_as_a_manifest(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text((SEEDS / "servicenamnd__2024-05-07.txt").read_text(encoding="utf-8"))
    manifest = tmp_path / "pages" / "INDEX.tsv"
    manifest.write_text("filename\turl\na.txt\thttps://politiskamoten.regionorebrolan.se/committees/servicenamnd/"
                        "mote-2024-05-07\n")
    other = tmp_path / "b.txt"
    other.write_text((SEEDS / "halso-och-sjukvardsnamnd__2022-spring.txt").read_text(encoding="utf-8"))
    db = str(tmp_path / "m.db")
    assert main(["--db", db, "ingest", str(manifest), str(other), "--committee", "halso-och-sjukvardsnamnd",
                 "--date", "2022-03-16"]) == 0
    assert "Möten: 2 nya" in capsys.readouterr().out
    assert main(["--db", db, "meetings"]) == 0
    listed = capsys.readouterr().out
    assert "2024-05-07" in listed and "2022-03-16" in listed
    # a table without the column is a page like any other file, and says why it is not one
    table = tmp_path / "list.tsv"
    table.write_text("namn\tadress\n")
    assert main(["--db", db, "ingest", str(table)]) == 2
    assert "list.tsv" in capsys.readouterr().err


def test_demo_without_a_token_loads_the_sample_data_once_and_chats_in_the_terminal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env |= {"NAMNDBOT_DB": str(tmp_path / "demo.db"), "XDG_STATE_HOME": str(tmp_path)}

    def demo(lines: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "demo"], capture_output=True, text=True, input=lines,
                              env=env, cwd=tmp_path, timeout=120)

    first = demo("vad beslutades om telefoni?\n/sok 24rs3384\n/prenumerera telefoni\nsluta\n")
    assert first.returncode == 0, first.stderr
    assert re.search(r"Möten: [1-9]\d* nya", first.stdout)
    assert "avtal för telefoni" in first.stdout
    assert "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07" in first.stdout
    assert "Dnr 24RS3384-1" in first.stdout  # /sok asks what follows it
    assert "/prenumerera fungerar inte i terminalen" in first.stdout
    assert first.stdout.rstrip().endswith("Hej då!")
    again = demo("")  # Ctrl-D at once
    assert again.returncode == 0 and "Möten:" not in again.stdout  # the sample data is not loaded twice


def test_terminal_commands_ask_their_question_or_say_what_works_here() -> None:
    from bot.cli import terminal_command

    assert terminal_command("/sok   kolonialvaror ") == ("kolonialvaror", None)
    assert terminal_command("/arende 24RS3384") == ("24RS3384", None)
    assert terminal_command("/senaste servicenämnden") == ("senaste servicenämnden", None)
    assert terminal_command("/hjälp")[1] is None
    assert terminal_command("vad hände i maj") == ("vad hände i maj", None)
    for line in ("/mina", "/avsluta alla", "/okänt"):
        reply = terminal_command(line)[1]
        assert reply is not None and reply.startswith(line.split()[0] + " fungerar inte")


def test_ask_reads_questions_from_stdin_in_one_process(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(sample_db.read_bytes())
    questions = "vad beslutades om telefoni?\navtal som löper ut 2025\n\nsimhallar i Sverige\n"
    result = run("--db", str(db), "ask", "--json", "--now", "2025-06-30", "-", stdin=questions)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["vad beslutades om telefoni?", "avtal som löper ut 2025",
                                                 "simhallar i Sverige"]
    assert "avtal för telefoni" in answers[0]["hits"][0]["text"]
    assert answers[1]["interpretation"]["intent"] == "contract_expiry"
    assert answers[2]["hits"] == [] and answers[2]["suggestions"]


def test_ask_plain_text_answer_in_swedish(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(sample_db.read_bytes())
    result = run("--db", str(db), "ask", "telefonin")
    assert result.returncode == 0
    assert re.match(r"\d+ ärenden? om telefonin\n\n1\. ", result.stdout)
    assert "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07" in result.stdout


def test_unknown_command_and_missing_item_give_clear_messages(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "x.db"), "flyga")
    assert result.returncode == 2 and result.stderr.startswith("fel: okänt kommando 'flyga'; välj bland ingest")
    result = run("--db", str(tmp_path / "x.db"), "show", "999")
    assert result.returncode == 1 and "Hittar inget ärende" in result.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["ask"], "det saknas: question"),
    (["show", "abc"], "item_id: 'abc' är inget heltal"),
    (["ask", "x", "--limit", "många"], "--limit: 'många' är inget heltal"),
    (["--log-level", "pratig", "ask", "x"], "--log-level: okänt värde 'PRATIG'; välj bland DEBUG"),
    (["ask", "x", "--bogus"], "okända argument: --bogus"),
    (["ask", "x", "--now", "2024-13-01"], "--now: ogiltigt datum: '2024-13-01'"),
    (["--db"], "--db saknar ett värde"),
])
def test_a_usage_error_is_one_swedish_line_with_exit_status_2(args: list[str], said: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fel: {said}") and err.count("\n") == 1 and "--help" in err
    assert not any(english in err for english in ("error", "usage", "invalid", "unrecognized", "required", "expected"))



@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"]])
def test_help_is_in_swedish(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: namndbot") and "flaggor:" in out and "visa den här hjälpen" in out
    assert not any(english in out for english in ("usage:", "options:", "show this help", "positional arguments"))
