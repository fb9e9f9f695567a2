"""The production files in ops/deploy/ name commands, settings and limits that Pleno really has."""

import getpass
import re
import shlex
import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from engine.settings import ROOT, Settings
from web.cli import parser

DEPLOY = ROOT / "ops" / "deploy"
INSTALLED_PLENO = "/opt/pleno/.venv/bin/pleno"
UNITS = sorted(DEPLOY.glob("pleno-*.service")) + sorted(DEPLOY.glob("pleno-*.timer"))


def _unit(path: Path) -> ConfigParser:
    unit = ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(path)
    return unit


def _pleno_commands() -> list[tuple[str, list[str]]]:
    commands = []
    for path in UNITS:
        unit = _unit(path)
        for key in ("ExecStart", "ExecStartPre", "ExecStartPost"):
            line = unit.get("Service", key, fallback="")
            if line.startswith(INSTALLED_PLENO):
                commands.append((path.name, shlex.split(line)[1:]))
    return commands


def test_the_units_run_the_web_the_worker_and_a_nightly_backup():
    assert [name for name, _ in _pleno_commands()] == ["pleno-backup.service", "pleno-web.service",
                                                       "pleno-worker.service"]
    assert _unit(DEPLOY / "pleno-backup.timer").get("Timer", "OnCalendar") == "*-*-* 02:30:00"


@pytest.mark.parametrize("unit, argv", _pleno_commands())
def test_every_unit_runs_a_pleno_command_the_cli_accepts(unit, argv):
    args = parser().parse_args(argv)  # argparse exits on an unknown command or flag
    if args.handler.__name__ == "cmd_run":
        # Several web processes need the scheduler outside them (pleno run refuses otherwise).
        assert args.workers > 1 and not args.scheduler


def test_the_environment_example_names_only_variables_pleno_reads():
    read = set(re.findall(r"PLENO_[A-Z_]+", (ROOT / "engine" / "settings.py").read_text()))
    example = re.findall(r"^(PLENO_[A-Z_]+)=", (DEPLOY / "pleno.env.example").read_text(), re.MULTILINE)
    assert example and set(example) <= read, set(example) - read
    assert "PLENO_SCHEDULER_IN_WEB=0" in (DEPLOY / "pleno.env.example").read_text()


def test_nginx_lets_through_every_upload_pleno_answers_itself():
    """An upload over Pleno's limit must reach Pleno, which refuses it in Spanish, not nginx's 413 page."""
    limit = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx.conf").read_text())
    settings = Settings()
    assert int(limit.group(1)) * 1024 * 1024 > settings.max_upload_bytes + 1024 * 1024  # the app's body limit


def test_the_units_pass_systemds_own_check(tmp_path):
    """systemd-analyze verify, with the installed paths and user pointed at this machine's."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze no está instalado")
    pleno = Path(sys.executable).with_name("pleno")
    for path in UNITS:
        text = path.read_text().replace(INSTALLED_PLENO, str(pleno))
        text = re.sub(r"^(User|Group)=.*$", rf"\1={getpass.getuser()}", text, flags=re.MULTILINE)
        (tmp_path / path.name).write_text(text)
    checked = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / p.name) for p in UNITS]],
                             capture_output=True, text=True, timeout=120)
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
