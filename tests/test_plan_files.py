"""maglib.plan_files.plan_csv(table) writes exactly the bytes of maglib.schedule.plan_csv(plan)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maglib import plan_files
from maglib import schedule as sch
from tests.test_schedule import BY_ID, product, safety_for
from tests.test_schedule import plan_for as schedule_plan

from .conftest import dataset

DATA = dataset()
RED_FLAGS = tuple(str(s) for s in DATA.red_flags["symptom"])


def plan_for(
    *,
    form=sch.FORM_OPTIONS[0],
    strength=100,
    basis="elemental",
    unit="Tablet",
    chosen=(),
    ack=False,
    step_up=False,
    age=45,
    **plan,
):
    """A plan as /schedule builds it (the red flags included), from tests.test_schedule's builders."""
    return schedule_plan(
        safety=safety_for(age=age, chosen=chosen, ack=ack),
        prod=product(form, strength, basis, unit),
        chosen=chosen,
        step_up=step_up,
        age=age,
        red_flags=RED_FLAGS,
        **plan,
    )


def same_bytes(plan: sch.Plan) -> bytes:
    raw = sch.plan_csv(plan)
    assert plan_files.plan_csv(sch.plan_table(plan)) == raw
    return raw


GABA = BY_ID["gabapentin"]
LEVO = BY_ID["levothyroxine"]
TETRA = BY_ID["tetracyclines"]
#: Only the night is free (tetracycline at 10:00 and 18:00 blocks 04:00-22:00, gabapentin at 23:00
#: blocks 21:00-01:00): a dose the person sets at 00:30 goes to 01:00, after midnight (a dose asked for
#: the evening gets no night time: rule night_dose_no_plan).
NIGHT_ONLY = {"gabapentin": dt.time(23, 0), "tetracyclines": (dt.time(10, 0), dt.time(18, 0))}
SPLIT = (("Morning", 8 * 60), ("Evening", 21 * 60))


@pytest.mark.parametrize(
    ("name", "plan", "contains"),
    [
        ("default", plan_for(), "2½ tablets (250 mg)"),
        ("dose 100", plan_for(start_mg=100), "1 tablet (100 mg)"),
        ("dose 150, a half", plan_for(start_mg=150), "1½ tablets (150 mg)"),
        ("split doses", plan_for(times=SPLIT), "Morning dose"),
        ("capsules: whole units", plan_for(unit="Capsule", start_mg=150), "1 capsule (100 mg)"),
        (
            "compound label",
            plan_for(basis="compound", strength=500, unit="Scoop", compound_confirmed=True),
            "scoop",
        ),
        ("step up", plan_for(step_up=True), "Week 4 review"),
        (
            "step up in small steps, split",
            plan_for(step_up=True, target_mg=350, step_mg=50, step_weeks=2, weeks=16, times=SPLIT),
            "Week 8 review",
        ),
        ("above the limit, acknowledged", plan_for(step_up=True, target_mg=360, ack=True), ",350,360,"),
        (
            "after midnight",
            plan_for(chosen=[GABA, TETRA], med_times=NIGHT_ONLY, times=(("Evening", 24 * 60 + 30),)),
            "(after midnight)",
        ),
        (
            "moved around a medicine, split",
            plan_for(chosen=[LEVO], med_times={"levothyroxine": dt.time(7, 0)}, times=SPLIT),
            "11:00",
        ),
        ("a gap from the diet", plan_for(gap=120, weeks=8), "Week"),
    ],
)
def test_csv_from_the_table_is_byte_for_byte_the_plan_csv(name, plan, contains):
    assert plan.steps, name
    raw = same_bytes(plan)
    assert contains in raw.decode("utf-8-sig"), name


def test_the_plans_above_cover_halves_after_midnight_and_step_ups():
    """The cases the comparison relies on are really there (a check that can fail)."""
    assert "½" in sch.plan_csv(plan_for(start_mg=150)).decode("utf-8-sig")
    late = plan_for(chosen=[GABA, TETRA], med_times=NIGHT_ONLY, times=(("Evening", 24 * 60 + 30),))
    assert late.placements[0].day_offset == 1
    assert len(plan_for(step_up=True).steps) > 1


def test_a_changed_table_gives_other_bytes():
    plan = plan_for()
    table = sch.plan_table(plan)
    table.loc[0, "Evening dose"] = "21:00: 3 tablets (300 mg)"
    assert plan_files.plan_csv(table) != sch.plan_csv(plan)


@settings(deadline=None, max_examples=60)
@given(
    start_mg=st.integers(0, 1000),
    target_mg=st.integers(0, 1000),
    step_mg=st.integers(0, 400),
    step_weeks=st.integers(1, 8),
    weeks=st.integers(4, 26),
    evening=st.integers(0, 24 * 60 - 1),
    morning=st.one_of(st.none(), st.integers(0, 24 * 60 - 1)),
    unit=st.sampled_from(tuple(sch.UNIT_TYPES)),
    form=st.sampled_from(sch.FORM_OPTIONS),
    basis=st.sampled_from(tuple(sch.LABEL_BASIS)),
    strength=st.integers(1, 1000),
    gaba_at=st.one_of(st.none(), st.times()),
    step_up=st.booleans(),
    ack=st.booleans(),
    gap=st.integers(0, 500),
)
def test_any_plan_gives_the_same_bytes(
    start_mg,
    target_mg,
    step_mg,
    step_weeks,
    weeks,
    evening,
    morning,
    unit,
    form,
    basis,
    strength,
    gaba_at,
    step_up,
    ack,
    gap,
):
    times = (("Evening", evening),) if morning is None else (("Morning", morning), ("Evening", evening))
    plan = plan_for(
        form=form,
        strength=strength,
        basis=basis,
        unit=unit,
        start_mg=start_mg,
        target_mg=target_mg,
        step_mg=step_mg,
        step_weeks=step_weeks,
        weeks=weeks,
        times=times,
        chosen=[GABA] if gaba_at else [],
        med_times={"gabapentin": gaba_at} if gaba_at else None,
        ack=ack,
        step_up=step_up,
        gap=gap,
    )
    same_bytes(plan)


def _pandas_csv(table: pd.DataFrame) -> bytes:
    """What sch.plan_csv does to the table (plan_table_text, then to_csv)."""
    return (
        table.astype(str)
        .replace(r"\.0$", "", regex=True)
        .to_csv(index=False, lineterminator="\r\n")
        .encode("utf-8-sig")
    )


cells = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda x: round(x, 1)),
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["250.0", "1.0\n", "a,b", 'say "hi"', "x\r\ny", "", " ", "½"]),
)


@settings(deadline=None, max_examples=150)
@given(
    st.integers(1, 4).flatmap(
        lambda ncols: st.tuples(
            st.lists(st.text(min_size=1, max_size=8), min_size=ncols, max_size=ncols, unique=True),
            st.lists(st.tuples(*[cells] * ncols), min_size=1, max_size=6),
        )
    )
)
def test_any_table_of_numbers_and_text_gives_the_pandas_bytes(shape):
    names, rows = shape
    table = pd.DataFrame([dict(zip(names, row, strict=True)) for row in rows], columns=names)
    assert plan_files.plan_csv(table) == _pandas_csv(table)
