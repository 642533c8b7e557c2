"""maglib.charts.schedule: the day timeline's data and spec."""

from __future__ import annotations

import datetime as dt

from maglib import schedule as sch
from maglib.charts.schedule import day_timeline, timeline_frames, timeline_origin, window_segments
from tests.test_schedule import BY_ID


def test_window_segments_wrap_past_midnight():
    assert window_segments(sch.Window("x", 0, 3 * 60, 8 * 60)) == [(3.0, 11.0)]
    assert window_segments(sch.Window("x", 0, 22 * 60, 4 * 60)) == [(22.0, 24.0), (0.0, 2.0)]
    assert window_segments(sch.Window("x", 0, 0, 0)) == []
    assert window_segments(sch.Window("x", 0, 60, 25 * 60)) == [(0.0, 24.0)]


def test_frames_have_doses_medicines_and_bands():
    windows = sch.separation_windows([BY_ID["tetracyclines"]], {"tetracyclines": dt.time(1, 0)})
    placements = sch.place_doses([("Evening", 21 * 60)], windows)
    bands, marks = timeline_frames(placements, windows, [250])
    # 01:00 antibiotic, magnesium ≥ 6 h before and ≥ 4 h after: 19:00–05:00, drawn as two bands.
    assert (BY_ID["tetracyclines"].gap_before_h, BY_ID["tetracyclines"].gap_after_h) == (6, 4)
    assert sorted(map(tuple, bands[["start_h", "end_h"]].to_numpy())) == [(0.0, 5.0), (19.0, 24.0)]
    dose = marks.loc[marks["kind"] == "Magnesium dose"].iloc[0]
    assert dose["hour"] == 19.0 and "250 mg" in dose["label"]  # moved 2 h earlier to 19:00
    med = marks.loc[marks["kind"] == "Medicine"].iloc[0]
    assert med["hour"] == 1.0


def test_spec_is_a_24_hour_layer_of_bands_and_points():
    windows = sch.separation_windows([BY_ID["levothyroxine"]], {"levothyroxine": dt.time(7, 0)})
    placements = sch.place_doses([("Morning", 8 * 60), ("Evening", 21 * 60)], windows)
    spec = day_timeline(placements, windows, [150, 200]).to_dict()
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]
    ]
    assert marks == ["rect", "point", "text", "text"]  # time labels above, and below for close marks
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [0, 24]
    rows = next(iter(spec["datasets"].values()))
    assert rows  # data is inlined, small


def test_a_dose_after_midnight_says_so_in_the_timeline():
    """Phone review (2026-12-04): an evening dose at 00:30 was drawn at the left, before the morning
    one, with nothing to say it is the night after the day."""
    placements = sch.place_doses(sch.dose_times(sch.TIMING["split"], dt.time(0, 30), dt.time(8)), [])
    _, marks = timeline_frames(placements, [], [100, 150])
    labels = dict(zip(marks["clock"], marks["label"], strict=True))
    assert labels["00:30"] == "Evening dose 00:30 (after midnight) (150 mg)"
    assert labels["08:00"] == "Morning dose 08:00 (100 mg)"


def test_a_line_with_a_dose_after_midnight_runs_from_six_to_six():
    """Phone review (2026-12-04): a dose at 00:30, the night after the day, was drawn at the left of
    a 00:00–24:00 line, before the morning dose. With one, the line runs 06:00–06:00 and the dose
    is drawn after the evening; without one it stays 00:00–24:00."""
    levo = sch.separation_windows([BY_ID["tetracyclines"]], {"tetracyclines": dt.time(1, 0)})
    late = sch.place_doses(sch.dose_times(sch.TIMING["split"], dt.time(0, 30), dt.time(8)), [])
    assert [p.day_offset for p in late] == [0, 1]
    assert timeline_origin(late) == 6.0
    bands, marks = timeline_frames(late, levo, [100, 150])
    hours = dict(zip(marks["clock"], marks["hour"], strict=True))
    assert hours == {"08:00": 8.0, "00:30": 24.5, "01:00": 25.0}  # the medicine's 01:00 too
    # The antibiotic's window 19:00–05:00 is one band on this line (two on a midnight one).
    assert sorted(map(tuple, bands[["start_h", "end_h"]].to_numpy())) == [(19.0, 29.0)]
    spec = day_timeline(late, levo, [100, 150]).to_dict()
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [6, 30]
    assert spec["layer"][1]["encoding"]["x"]["axis"]["values"] == [6, 9, 12, 15, 18, 21, 24, 27, 30]
    assert "from 06:00 to 06:00 the next morning" in spec["description"]
    # Every mark and band inside the line.
    assert marks["hour"].between(6, 30).all() and bands["start_h"].ge(6).all() and bands["end_h"].le(30).all()
    # A window across 06:00 is cut at the line's ends: its end of the line and the start.
    assert window_segments(sch.Window("x", 0, 3 * 60, 8 * 60), 6.0) == [(27.0, 30.0), (6.0, 11.0)]
    assert window_segments(sch.Window("x", 0, 60, 25 * 60), 6.0) == [(6.0, 30.0)]
    # The evening dose before midnight keeps the midnight line.
    evening = sch.place_doses(sch.dose_times(sch.TIMING["split"], dt.time(23, 30), dt.time(8)), [])
    assert timeline_origin(evening) == 0.0
    assert day_timeline(evening, [], [100, 150]).to_dict()["layer"][1]["encoding"]["x"]["scale"][
        "domain"
    ] == [0, 24]


def test_a_dose_moved_to_six_the_next_morning_is_at_the_lines_end():
    """Adversarial review (2026-12-04): a 22:00 dose moved past midnight to 06:00 was drawn at the
    start of the 06:00-06:00 line, before the evening's medicine."""
    (moved,) = sch.place_doses((("Evening", 22 * 60),), (sch.Window("Med A", 19 * 60, 13 * 60, 17 * 60),))
    assert (moved.minute, moved.day_offset) == (6 * 60, 1)
    assert timeline_origin((moved,)) == 6.0
    _, marks = timeline_frames((moved,), [], [250])
    assert marks.loc[marks["kind"] == "Magnesium dose", "hour"].tolist() == [30.0]


def test_close_times_are_labelled_on_alternate_sides():
    """Phone review (2026-12-05): two medicines 30 minutes apart had their times overprinted at 390 px."""
    from maglib.charts.schedule import BELOW_PX, CLOSE_H

    windows = sch.separation_windows(
        [BY_ID["levothyroxine"], BY_ID["bisphosphonates"], BY_ID["tetracyclines"]],
        {"levothyroxine": dt.time(7, 0), "bisphosphonates": dt.time(7, 30), "tetracyclines": dt.time(9, 0)},
    )
    placements = sch.place_doses([("Evening", 21 * 60)], windows)
    _, marks = timeline_frames(placements, windows, [250])
    lifts = dict(zip(marks["clock"], marks["lift"], strict=True))
    # 07:00 above, 07:30 below; 09:00 is close to both (2 h and 1½ h): the side whose last label is
    # farther, above (a first version put it above beside 07:00: "07:0009:00").
    assert (lifts["07:00"], lifts["07:30"], lifts["09:00"]) == (0, BELOW_PX, 0)
    assert lifts["21:00"] == 0  # the only mark in its row
    # Exactly CLOSE_H apart is not close; just under it is.
    for gap, lift in ((CLOSE_H * 60, 0), (CLOSE_H * 60 - 1, BELOW_PX)):
        wins = sch.separation_windows(
            [BY_ID["levothyroxine"], BY_ID["tetracyclines"]],
            {"levothyroxine": dt.time(6, 0), "tetracyclines": sch.time_of(int(6 * 60 + gap))},
        )
        _, m = timeline_frames(sch.place_doses([("Evening", 21 * 60)], wins), wins, [250])
        assert list(m.loc[m["row"] == "Medicines"].sort_values("hour")["lift"]) == [0, lift]
    # 06:00, 06:30, 10:00: the third is 3½ h from the label above, so it goes above.
    wins = sch.separation_windows(
        [BY_ID["levothyroxine"], BY_ID["bisphosphonates"], BY_ID["tetracyclines"]],
        {"levothyroxine": dt.time(6, 0), "bisphosphonates": dt.time(6, 30), "tetracyclines": dt.time(10, 0)},
    )
    _, m = timeline_frames(sch.place_doses([("Evening", 21 * 60)], wins), wins, [250])
    assert list(m.loc[m["row"] == "Medicines"].sort_values("hour")["lift"]) == [0, BELOW_PX, 0]
    spec = day_timeline(placements, windows, [250]).to_dict()
    texts = spec["layer"][2:]
    assert [(t["transform"][0]["filter"], t["mark"]["dy"]) for t in texts] == [
        ("datum.lift == 0", -16),
        ("datum.lift > 0", BELOW_PX - 16),
    ]
