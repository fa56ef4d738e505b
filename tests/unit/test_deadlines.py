"""Due dates and the ladder's next checkpoint, computed from the policy (no database)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.response_policy import load_policy
from bot.services.deadlines import Deadlines, Rung
from storage.models import Complaint

TEHRAN = ZoneInfo("Asia/Tehran")
POLICY = load_policy(None, TEHRAN)


def tehran(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in late November 2026, Tehran time (the 24th is a Tuesday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


def complaint(created: datetime, priority: str = "normal") -> Complaint:
    return Complaint(
        status="received",
        priority=priority,
        category="delay",
        created_at=created,
        ladder=0,
        assignee_id=None,
        first_responded_at=None,
        waiting_since=None,
    )


def test_normal_targets_count_working_hours_and_skip_friday() -> None:
    filed = complaint(tehran(25, 15))  # Wednesday 15:00
    Deadlines(POLICY).plan(filed)
    assert filed.first_response_due == tehran(28, 11)  # Wed 1 h + Thu 4 h + Sat 3 h
    assert filed.at_risk_at == tehran(28, 9)  # 6 of the 8 working hours
    assert filed.next_check_at == tehran(25, 15, 30)  # the unassigned ping comes first


def test_urgent_targets_count_calendar_hours() -> None:
    filed = complaint(tehran(27, 22), priority="urgent")  # Friday night
    Deadlines(POLICY).plan(filed)
    assert filed.first_response_due == tehran(28, 0)
    assert filed.resolution_due == tehran(28, 22)


def test_the_ladder_moves_from_rung_to_rung() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    filed.assignee_id = 7
    deadlines.plan(filed)
    assert filed.next_check_at == filed.at_risk_at
    filed.ladder = int(Rung.AT_RISK)
    deadlines.schedule(filed)
    assert filed.next_check_at == filed.first_response_due
    filed.ladder = int(Rung.AT_RISK | Rung.BREACHED)
    deadlines.schedule(filed)
    assert filed.first_response_due is not None
    assert filed.next_check_at == filed.first_response_due + POLICY.breach_escalation_after
    filed.ladder = int(Rung.AT_RISK | Rung.BREACHED | Rung.SUPERVISORS)
    deadlines.schedule(filed)
    assert filed.next_check_at is None


def test_a_first_response_switches_to_the_resolution_target_with_a_fresh_ladder() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    filed.assignee_id = 7
    deadlines.plan(filed)
    filed.ladder = int(Rung.AT_RISK | Rung.UNASSIGNED)
    filed.status = "in_progress"
    deadlines.first_response(filed, tehran(24, 10))
    assert filed.ladder == int(Rung.UNASSIGNED)
    assert filed.resolution_due == tehran(30, 13)  # 40 h: Tue 7, Wed 8, Thu 4, Sat 8, Sun 8, Mon 5
    assert filed.next_check_at == filed.at_risk_at


def test_waiting_stops_the_clock_and_resuming_moves_the_dates() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    deadlines.plan(filed)
    filed.status = "waiting"
    deadlines.paused(filed, tehran(24, 12))
    assert filed.next_check_at == tehran(24, 12) + POLICY.waiting_reminder_after
    due = filed.resolution_due
    assert due is not None
    filed.status = "in_progress"
    deadlines.resumed(filed, tehran(25, 12))  # waited Tue 12–16 and Wed 8–12: 8 working hours
    assert filed.waiting_since is None
    assert filed.resolution_due == POLICY.calendar.add(due, timedelta(hours=8))


def test_a_resolved_complaint_waits_for_the_complainants_word() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    deadlines.plan(filed)
    filed.status = "resolved"
    deadlines.finished(filed, tehran(26, 10))
    assert filed.next_check_at == tehran(26, 10) + POLICY.resolution_confirm_within
    filed.status = "closed"
    deadlines.finished(filed, tehran(27, 10))
    assert filed.next_check_at == tehran(27, 10) + POLICY.survey_reminder_after
    filed.status = "withdrawn"
    deadlines.schedule(filed)
    assert filed.next_check_at is None


def test_time_spent_waiting_moves_the_at_risk_moment_with_the_due_date() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    filed.assignee_id = 7
    deadlines.plan(filed)
    filed.status = "in_progress"
    deadlines.first_response(filed, tehran(24, 9))
    unpaused_at_risk = filed.at_risk_at  # 30 of the 40 working hours
    assert unpaused_at_risk == POLICY.calendar.add(tehran(24, 9), timedelta(hours=30))
    filed.status = "waiting"
    deadlines.paused(filed, tehran(24, 12))
    filed.status = "in_progress"
    deadlines.resumed(filed, tehran(25, 12))  # 8 working hours waited
    assert filed.at_risk_at == POLICY.calendar.add(unpaused_at_risk, timedelta(hours=8))
    assert filed.resolution_due is not None and filed.at_risk_at is not None
    left = POLICY.calendar.elapsed(filed.at_risk_at, filed.resolution_due)
    assert left == timedelta(hours=10)  # the quarter of the target still ahead


def test_a_first_response_target_paused_and_resumed_keeps_its_share() -> None:
    policy = load_policy(None, TEHRAN)
    deadlines = Deadlines(policy)
    filed = complaint(tehran(24, 9), priority="urgent")  # 2 h calendar, at risk after 90 min
    deadlines.plan(filed)
    filed.waiting_since = tehran(24, 9, 30)
    filed.status = "received"
    deadlines.resumed(filed, tehran(24, 11, 30))  # two hours stood still
    assert filed.first_response_due == tehran(24, 13)
    assert filed.at_risk_at == tehran(24, 12, 30)


def test_a_priority_change_keeps_the_time_already_spent_waiting() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    deadlines.plan(filed)
    filed.status = "waiting"
    deadlines.paused(filed, tehran(24, 12))
    filed.status = "in_progress"
    deadlines.resumed(filed, tehran(25, 12))  # 8 working hours stood still
    old = deadlines.target_of(filed)
    filed.priority = "high"
    deadlines.replan(filed, old)
    high = deadlines.target_of(filed)
    planned = POLICY.calendar.add(tehran(24, 9), high.resolution)
    assert filed.resolution_due == POLICY.calendar.add(planned, timedelta(hours=8))


def test_a_priority_change_before_any_wait_plans_from_filing() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    deadlines.plan(filed)
    old = deadlines.target_of(filed)
    filed.priority = "urgent"
    deadlines.replan(filed, old)
    assert filed.first_response_due == tehran(24, 11)  # 2 calendar hours from filing


def test_a_reopened_complaint_gets_a_fresh_resolution_target_from_the_reopening() -> None:
    deadlines = Deadlines(POLICY)
    filed = complaint(tehran(24, 9))
    filed.assignee_id = 7
    deadlines.plan(filed)
    deadlines.first_response(filed, tehran(24, 9))
    filed.status = "resolved"
    deadlines.finished(filed, tehran(24, 10))
    filed.status = "reopened"
    reopened_at = tehran(29, 9)  # Sunday, long after the first resolution target passed
    deadlines.reopened(filed, reopened_at)
    resolution = deadlines.target_of(filed).resolution
    assert filed.resolution_due == POLICY.calendar.add(reopened_at, resolution)
    assert filed.at_risk_at == POLICY.calendar.add(reopened_at, resolution * 0.75)
    assert filed.next_check_at is not None and filed.next_check_at > reopened_at
