"""/trial in Chromium (issue 20): set up a 3-pair trial, upload a journal that follows it, and
download the clinician summary and trial-result.json — their numbers must match the analysis
worked out here from the same nights."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from maglib import journal, trial

from ..conftest import dataset
from .conftest import open_page, wait_ready
from .test_accessibility import blocking_violations

START = "2026-06-01"  # in the past: every night of the trial can be logged


def _download(page: Page, label: str) -> bytes:
    with page.expect_download(timeout=15_000) as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=label).get_by_role("button").click()
    return Path(info.value.path()).read_bytes()


def test_set_up_upload_and_download_the_result(page: Page, app_url: str, tmp_path: Path) -> None:
    open_page(page, f"{app_url}/trial")
    start = page.get_by_role("textbox", name=re.compile(r"^First night"))
    start.fill(START)
    start.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Draw the order at random").click()
    wait_ready(page)
    expect(page.get_by_text("Your trial:")).to_be_visible()
    # The set-up folds away once drawn; the code is in the success line and in the link.
    shown = re.search(
        r"\(code (\d{6})\)", page.get_by_test_id("stAlert").filter(has_text="Your trial:").inner_text()
    )
    assert shown is not None
    seed = int(shown.group(1))
    assert trial.SEED_MIN <= seed <= trial.SEED_MAX
    expect(page).to_have_url(re.compile(rf"trial_seed={seed}"))

    design = trial.Design(seed, 3, 14, dt.date.fromisoformat(START), 7)
    nights = trial.example_nights(design, on_mean=0.6, off_mean=2.8, seed=seed)
    frame = journal.check_frame(
        nights.assign(severity=3, sleep_quality=None, measures=[[] for _ in range(len(nights))], note="")
    )
    expected = trial.analyse_planned(frame, design, 0.05)
    csv_path = tmp_path / "my-journal.csv"
    csv_path.write_bytes(journal.to_csv(frame))
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(csv_path))
    wait_ready(page)
    # the upload's rerun starts a moment after the file is sent
    expect(page.get_by_text(re.compile(r"No clear difference between on and off blocks"))).to_be_visible(
        timeout=30_000
    )
    page.wait_for_timeout(800)  # the chart draws after the script has finished
    found = blocking_violations(page)
    assert not found, "\n".join(found)

    body = json.loads(_download(page, "trial-result.json"))
    assert body["pairs"] == 3 and body["block_days"] == 14 and body["seed"] == seed
    assert body["effect_episodes_per_night"] == expected.effect
    assert (body["ci_low"], body["ci_high"]) == (expected.ci_low, expected.ci_high)
    assert body["p_value"] == expected.p_value == 0.25
    assert body["nights_used"] == expected.nights_used == 3 * 2 * 7
    assert body["nights_excluded"] == expected.nights_excluded == 3 * 2 * 7

    summary = _download(page, "Summary for a clinician").decode("utf-8")
    assert f"{expected.effect:+.2f} episodes per night" in summary
    if expected.ci_low is not None:
        assert f"{expected.ci_low:+.2f} to {expected.ci_high:+.2f}" in summary
    assert f"seed {seed}" in summary and "<svg" in summary
    # The group trials beside the result, from their evidence rows, and about the person, not to them
    # (GP review, 2026-12-05).

    evidence = dataset().evidence.set_index("evidence_id")["claim"]
    assert "What trials in groups found" in summary and "Garrison SR" in summary
    assert html.escape(evidence["cochrane-2020-idiopathic"]) in summary
    assert "you knew" not in summary and "Unblinded: the person knew" in summary

    # The nights never travel in the link; the set-up does.
    assert "episodes" not in page.url and f"trial_start={START}" in page.url


def test_a_mistyped_first_night_is_said_beside_the_field_not_as_a_broken_link(
    page: Page, app_url: str
) -> None:
    """Keyboard review (2026-12-05): "2026-13-01" typed in First night was reported only ~1,100 px up
    the page, as "Part of this link could not be used … trial_start"; nothing changed near the field."""
    open_page(page, f"{app_url}/trial")
    field = page.get_by_role("textbox", name=re.compile(r"^First night"))
    field.fill("2026-13-01")
    field.press("Enter")
    wait_ready(page)
    setup = page.get_by_test_id("stExpander").filter(has_text="Set up the trial")
    expect(setup.get_by_role("alert").filter(has_text="is not a date")).to_contain_text("“2026-13-01”")
    expect(page.get_by_text("Part of this link could not be used")).to_have_count(0)
    # A link carrying the same value is still a link's problem, said as such.
    open_page(page, f"{app_url}/trial?trial_start=2026-13-01")
    expect(page.get_by_text("Part of this link could not be used")).to_be_visible()
