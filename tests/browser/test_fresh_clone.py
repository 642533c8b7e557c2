"""What Community Cloud will do: clone, `pip install -r requirements.txt`, `streamlit run app.py`.

A fresh clone of the committed repository gets a brand-new virtual
environment with nothing but requirements.txt installed, then serves every
page to Chromium. This catches a dependency missing from requirements.txt, a
file that is not committed, or an import that only works from the developer's
checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv

import pytest
from playwright.sync_api import Page, expect

from ..conftest import PAGES
from .conftest import ROOT, open_page, start_server, stop_server


@pytest.fixture(scope="module")
def fresh_clone_url(tmp_path_factory: pytest.TempPathFactory):
    if not (ROOT / ".git").exists():
        pytest.fail("the fresh-clone check needs the repository's .git folder")
    work = tmp_path_factory.mktemp("fresh")
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / ("Scripts" if os.name == "nt" else "bin") / "python")
    install = subprocess.run(
        # --no-compile: byte-compiling every installed module was half of this install's
        # 45 s; the server compiles only what it imports, when it imports it.
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-compile",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    # The clone must not lean on this checkout's environment.
    assert sys.prefix not in python
    proc, base = start_server(clone, work / "server.log", python=python)
    try:
        yield base
    finally:
        stop_server(proc)
    log = (work / "server.log").read_text()
    assert "Traceback" not in log, log


@pytest.mark.parametrize("url_path", list(PAGES))
def test_fresh_clone_serves_every_page(page: Page, fresh_clone_url: str, url_path: str):
    open_page(page, f"{fresh_clone_url}/{url_path}")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Not medical advice", exact=False).first).to_be_visible()
