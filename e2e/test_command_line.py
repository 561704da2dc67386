"""The command line as a newcomer meets it: every command answers --help in Russian and creates nothing, an unknown
command says so, `medk demo` greets once its port answers, and a busy port names the option that changes it."""
import subprocess
import time
import urllib.request

import pytest

from conftest import MEDK, free_port

COMMANDS = ["demo", "serve", "migrate", "user", "rebuild-indicators", "routes", "mail", "jobs", "backup", "restore", "files"]


def run(args, cwd, timeout=60):
    return subprocess.run([MEDK, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["help"]] + [[c, "--help"] for c in COMMANDS] + [["user", "create", "--help"], ["files", "migrate", "--help"]])
def test_help_is_russian_and_changes_nothing(tmp_path, args):
    answer = run(args, tmp_path)
    assert answer.returncode == 0, answer.stderr
    text = answer.stdout
    assert "Использование" in text or "Параметры" in text or "Команды" in text, text
    for english in ["Usage:", "Begins serving", "Displays all registered routes", "Options:"]:
        assert english not in text
    assert list(tmp_path.iterdir()) == [], f"{args} created {list(tmp_path.iterdir())}"


def test_the_overview_lists_every_command(tmp_path):
    text = run(["--help"], tmp_path).stdout
    for command in COMMANDS:
        assert command in text


def test_an_unknown_command_is_refused_in_russian(tmp_path):
    answer = run(["serv"], tmp_path)
    assert answer.returncode == 1 and "Неизвестная команда «serv»" in answer.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_demo_greets_once_it_listens_and_a_busy_port_says_so(tmp_path):
    port = free_port()
    process = subprocess.Popen([MEDK, "demo", "--port", str(port), "--data", str(tmp_path / "data")], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        seen = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = process.stdout.readline()
            assert line, "medk demo stopped:\n" + "".join(seen)
            seen.append(line)
            assert "[Migrator]" not in line and "Starting prepare" not in line, line
            if "МЭДК запущена" in line:
                # The greeting comes after the bind: the address it gives answers at once.
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200
                break
        else:
            pytest.fail("no greeting:\n" + "".join(seen))
        busy = run(["demo", "--port", str(port), "--data", str(tmp_path / "other")], tmp_path, timeout=120)
        assert busy.returncode == 1
        assert f"порт {port} занят" in busy.stderr and "--port" in busy.stderr, busy.stderr
    finally:
        process.terminate()
        process.wait(timeout=20)
