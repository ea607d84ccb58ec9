"""The deadline engine: Atw calendar, terms, suspensions, extensions, status and risks.

Expected dates are worked out by hand from the calendar, not by the code under test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grip.cases.deadlines import (
    PROCEDURE_TERMS,
    AtwCalendar,
    Deadline,
    DeadlineState,
    Extension,
    PenaltyScale,
    Procedure,
    Regime,
    Suspension,
    Term,
    atw_end,
    compute_deadline,
    deadline_status,
    dutch_date,
    easter_sunday,
    extension_refusal,
    general_holidays,
    penalty_claim,
    penalty_claim_applies,
    permit_by_default_risk,
    suspension_refusal,
)

D = dt.date
NO_EQUATED = AtwCalendar()
REGULIER = PROCEDURE_TERMS[Procedure.REGULIER]


def deadline_for(procedure, received, **kwargs):
    return compute_deadline(received=received, term=PROCEDURE_TERMS[procedure].term, **kwargs)


# --- Dutch dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2026, 3, 14), "zaterdag 14 maart 2026"),
        (D(2026, 1, 1), "donderdag 1 januari 2026"),
        (D(2025, 12, 29), "maandag 29 december 2025"),
        (D(2027, 5, 7), "vrijdag 7 mei 2027"),
    ],
)
def test_dutch_date(day, text):
    assert dutch_date(day) == text


# --- holidays ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "easter",
    [
        D(2019, 4, 21),
        D(2024, 3, 31),
        D(2025, 4, 20),
        D(2026, 4, 5),
        D(2027, 3, 28),
        D(2028, 4, 16),
        D(2029, 4, 1),
        D(2030, 4, 21),
        D(2038, 4, 25),  # as late as Easter gets
        D(2285, 3, 22),  # as early as Easter gets
    ],
)
def test_easter_sunday_known_dates(easter):
    assert easter_sunday(easter.year) == easter


def test_easter_before_the_gregorian_calendar_is_refused():
    with pytest.raises(ValueError, match="1583"):
        easter_sunday(1500)


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)


def test_general_holidays_2026():
    assert general_holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 3): "Goede Vrijdag",
        D(2026, 4, 5): "Eerste Paasdag",
        D(2026, 4, 6): "Tweede Paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 5): "Bevrijdingsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 24): "Eerste Pinksterdag",
        D(2026, 5, 25): "Tweede Pinksterdag",
        D(2026, 12, 25): "Eerste Kerstdag",
        D(2026, 12, 26): "Tweede Kerstdag",
    }


def test_kings_day_moves_to_26_april_when_the_27th_is_a_sunday():
    holidays = general_holidays(2025)  # 27 April 2025 is a Sunday
    assert holidays[D(2025, 4, 26)] == "Koningsdag"
    assert D(2025, 4, 27) not in holidays
    assert NO_EQUATED.reason(D(2025, 4, 27)) == "zondag"


def test_queens_day_before_2014():
    assert general_holidays(2013)[D(2013, 4, 30)] == "Koninginnedag"
    assert general_holidays(2006)[D(2006, 4, 29)] == "Koninginnedag"  # 30 April was a Sunday


def test_two_feasts_on_one_day_keep_both_names():
    assert general_holidays(2016)[D(2016, 5, 5)] == "Bevrijdingsdag en Hemelvaartsdag"


def test_general_holidays_returns_a_copy():
    general_holidays(2026).clear()
    assert len(general_holidays(2026)) == 11


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 3, 14), "zaterdag"),
        (D(2026, 3, 15), "zondag"),
        (D(2026, 4, 3), "Goede Vrijdag"),
        (D(2024, 4, 27), "Koningsdag"),  # a Saturday: the holiday is named
        (D(2026, 5, 15), "gelijkgestelde dag"),
        (D(2026, 3, 11), None),
    ],
)
def test_calendar_reason(day, reason):
    calendar = AtwCalendar(equated_days=frozenset({D(2026, 5, 15)}))
    assert calendar.reason(day) == reason
    assert calendar.is_non_working(day) is (reason is not None)
    assert calendar.is_working(day) is (reason is None)


# --- Algemene termijnenwet ---------------------------------------------------------------------

START = D(2025, 1, 1)  # long before: art. 2 has nothing to add
FRIDAY_AFTER_ASCENSION_2026 = frozenset({D(2026, 5, 15)})
FRIDAY_AFTER_ASCENSION_2027 = frozenset({D(2027, 5, 7)})


@pytest.mark.parametrize(
    ("nominal", "equated", "expected"),
    [
        pytest.param(D(2026, 3, 11), frozenset(), D(2026, 3, 11), id="working day"),
        pytest.param(D(2026, 3, 14), frozenset(), D(2026, 3, 16), id="saturday"),
        pytest.param(D(2026, 3, 15), frozenset(), D(2026, 3, 16), id="sunday"),
        pytest.param(D(2026, 4, 27), frozenset(), D(2026, 4, 28), id="kings day"),
        pytest.param(D(2025, 4, 26), frozenset(), D(2025, 4, 28), id="kings day on 26 april"),
        pytest.param(D(2025, 4, 25), frozenset(), D(2025, 4, 25), id="friday before kings day"),
        pytest.param(D(2026, 4, 3), frozenset(), D(2026, 4, 7), id="good friday to tuesday"),
        pytest.param(D(2026, 4, 6), frozenset(), D(2026, 4, 7), id="easter monday"),
        pytest.param(D(2026, 5, 5), frozenset(), D(2026, 5, 6), id="5 may"),
        pytest.param(D(2027, 5, 5), frozenset(), D(2027, 5, 7), id="5 may then ascension"),
        pytest.param(
            D(2027, 5, 5), FRIDAY_AFTER_ASCENSION_2027, D(2027, 5, 10), id="5 may to monday"
        ),
        pytest.param(D(2026, 5, 14), frozenset(), D(2026, 5, 15), id="ascension"),
        pytest.param(
            D(2026, 5, 14), FRIDAY_AFTER_ASCENSION_2026, D(2026, 5, 18), id="ascension equated"
        ),
        pytest.param(D(2026, 5, 25), frozenset(), D(2026, 5, 26), id="whit monday"),
        pytest.param(D(2025, 12, 24), frozenset(), D(2025, 12, 24), id="christmas eve works"),
        pytest.param(D(2025, 12, 25), frozenset(), D(2025, 12, 29), id="christmas + weekend"),
        pytest.param(D(2026, 12, 25), frozenset(), D(2026, 12, 28), id="christmas on friday"),
        pytest.param(D(2026, 1, 1), frozenset(), D(2026, 1, 2), id="new year thursday"),
        pytest.param(D(2027, 1, 1), frozenset(), D(2027, 1, 4), id="new year friday"),
    ],
)
def test_atw_article_1(nominal, equated, expected):
    assert atw_end(START, nominal, AtwCalendar(equated_days=equated)) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Thursday 24 Dec 2026 + 3 = Sunday 27; art. 1: Monday 28; 25-28 holds one working day.
        pytest.param(D(2026, 12, 24), 3, D(2026, 12, 29), id="3 days over christmas"),
        # From Christmas Day itself: Monday 28 is a working day but the only one.
        pytest.param(D(2026, 12, 25), 3, D(2026, 12, 29), id="3 days from christmas"),
        # Maundy Thursday + 3 = Easter Sunday; art. 1: Tuesday 7; art. 2: Wednesday 8.
        pytest.param(D(2026, 4, 2), 3, D(2026, 4, 8), id="3 days over easter"),
        # A 2-day term is too short for art. 2: Saturday 26 runs on to Monday 28 only.
        pytest.param(D(2026, 12, 24), 2, D(2026, 12, 28), id="2 days: art. 1 only"),
        pytest.param(D(2026, 3, 9), 3, D(2026, 3, 12), id="3 ordinary days"),
    ],
)
def test_atw_article_2(start, days, expected):
    assert atw_end(start, start + dt.timedelta(days=days), NO_EQUATED) == expected


def test_atw_explains_both_articles_in_the_timeline():
    deadline = compute_deadline(received=D(2026, 12, 24), term=Term(days=3))
    assert deadline.due == D(2026, 12, 29)
    assert deadline.adjustments == (
        "Ontvangen op donderdag 24 december 2026; wettelijke termijn van 3 dagen eindigt op "
        "zondag 27 december 2026.",
        "Termijn eindigt op zondag 27 december 2026; verschoven naar maandag 28 december 2026 "
        "(Atw art. 1).",
        "Termijn verlengd tot dinsdag 29 december 2026, zodat er ten minste twee werkdagen in "
        "vallen (Atw art. 2).",
    )


# --- terms -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "days", "label"),
    [
        (Term(weeks=8), 56, "8 weken"),
        (Term(weeks=1), 7, "1 week"),
        (Term(days=1), 1, "1 dag"),
        (Term(days=3), 3, "3 dagen"),
        (Term(weeks=2, days=3), 17, "2 weken en 3 dagen"),
        (Term(), 0, "0 dagen"),
    ],
)
def test_term_length_and_label(term, days, label):
    assert term.as_days == days
    assert term.label == label


def test_negative_term_is_refused():
    with pytest.raises(ValueError, match="negative"):
        Term(weeks=-1)


def test_procedure_terms():
    assert {
        procedure: (t.term.as_days, t.max_extension.as_days, t.statutory)
        for procedure, t in PROCEDURE_TERMS.items()
    } == {
        Procedure.REGULIER: (56, 42, True),
        Procedure.UITGEBREID: (182, 42, True),
        Procedure.MELDING: (28, 0, False),
        Procedure.AWB_4_13: (56, 0, True),
        Procedure.AWB_9_11: (42, 28, True),
        Procedure.GEEN: (56, 0, False),
    }
    for terms in PROCEDURE_TERMS.values():
        assert terms.statutory is terms.term.statutory
    term, max_extension, statutory = PROCEDURE_TERMS["regulier"]  # plain codes work too
    assert (term, max_extension, statutory) == (Term(weeks=8), Term(weeks=6), True)


def test_labels_are_dutch():
    assert [p.label for p in Procedure] == [
        "Reguliere procedure",
        "Uitgebreide procedure",
        "Melding",
        "Awb 4:13 (redelijke termijn)",
        "Klacht (Awb 9:11)",
        "Geen wettelijke termijn",
    ]
    assert [r.label for r in Regime] == ["Wabo", "Omgevingswet"]
    assert [s.label for s in DeadlineState] == [
        "Op tijd",
        "Bijna verlopen",
        "Verlopen",
        "Opgeschort",
        "Afgerond",
    ]


# --- deadlines per procedure -------------------------------------------------------------------

RECEIVED = D(2026, 3, 2)  # Monday; + 8 weeks = Monday 27 April 2026, King's Day
ASKED = Suspension(D(2026, 3, 10), D(2026, 3, 20))  # 10 days
SIX_WEEKS = Term(weeks=6)


@pytest.mark.parametrize(
    ("procedure", "received", "kwargs", "original_due", "due", "suspended", "extended"),
    [
        # regulier: 8 weeks end on King's Day, the Atw moves them to Tuesday.
        pytest.param(
            Procedure.REGULIER, RECEIVED, {}, D(2026, 4, 28), D(2026, 4, 28), 0, 0, id="regulier"
        ),
        # + 10 days suspended: 27 April + 10 = Thursday 7 May.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {"suspensions": [ASKED]},
            D(2026, 4, 28),
            D(2026, 5, 7),
            10,
            0,
            id="regulier suspended",
        ),
        # + 6 weeks extension: 27 April + 42 = Monday 8 June.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {"extension": Extension(D(2026, 4, 20), SIX_WEEKS)},
            D(2026, 4, 28),
            D(2026, 6, 8),
            0,
            42,
            id="regulier extended",
        ),
        # Extension on the last day (the Tuesday after King's Day) is in time.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {"extension": Extension(D(2026, 4, 28), SIX_WEEKS)},
            D(2026, 4, 28),
            D(2026, 6, 8),
            0,
            42,
            id="regulier extended on the last day",
        ),
        # Both: 27 April + 10 + 42 = Thursday 18 June.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {"suspensions": [ASKED], "extension": Extension(D(2026, 5, 1), SIX_WEEKS)},
            D(2026, 4, 28),
            D(2026, 6, 18),
            10,
            42,
            id="regulier suspended and extended",
        ),
        # Two suspensions, 10 + 7 days: 27 April + 17 = Ascension Day 14 May, then Friday 15.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {"suspensions": [Suspension(D(2026, 4, 1), D(2026, 4, 8)), ASKED]},
            D(2026, 4, 28),
            D(2026, 5, 15),
            17,
            0,
            id="two suspensions to ascension",
        ),
        # ... and to Monday 18 May when the Friday after Ascension Day is equated.
        pytest.param(
            Procedure.REGULIER,
            RECEIVED,
            {
                "suspensions": [ASKED, Suspension(D(2026, 4, 1), D(2026, 4, 8))],
                "calendar": AtwCalendar(equated_days=FRIDAY_AFTER_ASCENSION_2026),
            },
            D(2026, 4, 28),
            D(2026, 5, 18),
            17,
            0,
            id="two suspensions, equated friday",
        ),
        # Saturday 17 Jan + 8 weeks = Saturday 14 March, Monday 16 March.
        pytest.param(
            Procedure.REGULIER,
            D(2026, 1, 17),
            {},
            D(2026, 3, 16),
            D(2026, 3, 16),
            0,
            0,
            id="regulier ending on a saturday",
        ),
        # One day suspended moves the end to Sunday 15 March: still Monday 16 March.
        pytest.param(
            Procedure.REGULIER,
            D(2026, 1, 17),
            {"suspensions": [Suspension(D(2026, 2, 2), D(2026, 2, 3))]},
            D(2026, 3, 16),
            D(2026, 3, 16),
            1,
            0,
            id="suspension absorbed by the weekend",
        ),
        # uitgebreid: 26 weeks from Friday 25 Sep 2026 end on Good Friday 26 March 2027;
        # Easter weekend and Easter Monday: Tuesday 30 March.
        pytest.param(
            Procedure.UITGEBREID,
            D(2026, 9, 25),
            {},
            D(2027, 3, 30),
            D(2027, 3, 30),
            0,
            0,
            id="uitgebreid on good friday",
        ),
        # + 6 weeks: Friday 7 May 2027 (after Ascension Day 6 May) ...
        pytest.param(
            Procedure.UITGEBREID,
            D(2026, 9, 25),
            {"extension": Extension(D(2027, 3, 1), SIX_WEEKS)},
            D(2027, 3, 30),
            D(2027, 5, 7),
            0,
            42,
            id="uitgebreid extended",
        ),
        # ... Monday 10 May when that Friday is equated.
        pytest.param(
            Procedure.UITGEBREID,
            D(2026, 9, 25),
            {
                "extension": Extension(D(2027, 3, 1), SIX_WEEKS),
                "calendar": AtwCalendar(equated_days=FRIDAY_AFTER_ASCENSION_2027),
            },
            D(2027, 3, 30),
            D(2027, 5, 10),
            0,
            42,
            id="uitgebreid extended, equated friday",
        ),
        # melding: 4 weeks end on King's Day; the earliest start is not moved.
        pytest.param(
            Procedure.MELDING,
            D(2026, 3, 30),
            {},
            D(2026, 4, 27),
            D(2026, 4, 27),
            0,
            0,
            id="melding",
        ),
        # Awb 4:13: Friday 30 Oct 2026 + 8 weeks = Christmas Day, Monday 28 Dec.
        pytest.param(
            Procedure.AWB_4_13,
            D(2026, 10, 30),
            {},
            D(2026, 12, 28),
            D(2026, 12, 28),
            0,
            0,
            id="awb 4:13 over christmas",
        ),
        # Open suspension since Monday 2 Nov, as of Friday 13 Nov: 11 days, Tuesday 5 Jan 2027.
        pytest.param(
            Procedure.AWB_4_13,
            D(2026, 10, 30),
            {"suspensions": [Suspension(D(2026, 11, 2))], "as_of": D(2026, 11, 13)},
            D(2026, 12, 28),
            D(2027, 1, 5),
            11,
            0,
            id="awb 4:13 open suspension",
        ),
        # Awb 9:11: Thursday 20 Nov 2025 + 6 weeks = New Year's Day, Friday 2 Jan 2026.
        pytest.param(
            Procedure.AWB_9_11,
            D(2025, 11, 20),
            {},
            D(2026, 1, 2),
            D(2026, 1, 2),
            0,
            0,
            id="awb 9:11 on new year",
        ),
        # Deferred by 4 weeks on the last day: 1 Jan + 28 = Thursday 29 Jan.
        pytest.param(
            Procedure.AWB_9_11,
            D(2025, 11, 20),
            {"extension": Extension(D(2026, 1, 2), Term(weeks=4))},
            D(2026, 1, 2),
            D(2026, 1, 29),
            0,
            28,
            id="awb 9:11 deferred",
        ),
        # geen: a work-agreement term on King's Day stays there.
        pytest.param(
            Procedure.GEEN,
            RECEIVED,
            {"suspensions": [ASKED]},
            D(2026, 4, 27),
            D(2026, 5, 7),
            10,
            0,
            id="geen",
        ),
    ],
)
def test_deadline_table(procedure, received, kwargs, original_due, due, suspended, extended):
    deadline = deadline_for(procedure, received, **kwargs)
    assert deadline.received == received
    assert deadline.original_due == original_due
    assert deadline.due == due
    assert deadline.suspended_days == suspended
    assert deadline.extension_days == extended


def test_adjustments_tell_the_story():
    deadline = deadline_for(
        Procedure.REGULIER,
        RECEIVED,
        suspensions=[ASKED],
        extension=Extension(D(2026, 5, 1), SIX_WEEKS),
    )
    assert deadline.adjustments == (
        "Ontvangen op maandag 2 maart 2026; wettelijke termijn van 8 weken eindigt op "
        "maandag 27 april 2026.",
        "Termijn eindigt op maandag 27 april 2026 (Koningsdag); verschoven naar "
        "dinsdag 28 april 2026 (Atw art. 1).",
        "Opgeschort van woensdag 11 maart 2026 tot en met vrijdag 20 maart 2026: 10 dagen "
        "(Awb 4:15).",
        "Termijn op vrijdag 1 mei 2026 verlengd met 6 weken.",
        "Nieuwe einddatum: donderdag 18 juni 2026.",
    )
    assert deadline.suspended_now is False


def test_saturday_end_is_explained_as_in_the_brief():
    deadline = deadline_for(Procedure.REGULIER, D(2026, 1, 17))
    assert deadline.adjustments[-1] == (
        "Termijn eindigt op zaterdag 14 maart 2026; verschoven naar maandag 16 maart 2026 "
        "(Atw art. 1)."
    )


def test_good_friday_chain_is_explained_once():
    deadline = deadline_for(Procedure.UITGEBREID, D(2026, 9, 25))
    assert deadline.adjustments[-1] == (
        "Termijn eindigt op vrijdag 26 maart 2027 (Goede Vrijdag); verschoven naar "
        "dinsdag 30 maart 2027 (Atw art. 1)."
    )


def test_work_agreement_terms_say_the_atw_is_not_applied():
    deadline = deadline_for(Procedure.GEEN, RECEIVED)
    assert deadline.adjustments == (
        "Ontvangen op maandag 2 maart 2026; termijn van 8 weken eindigt op maandag 27 april 2026 "
        "(de Algemene termijnenwet is hier niet van toepassing).",
    )


def test_one_day_suspension_is_singular():
    deadline = deadline_for(
        Procedure.REGULIER, RECEIVED, suspensions=[Suspension(D(2026, 3, 10), D(2026, 3, 11))]
    )
    assert deadline.adjustments[2] == (
        "Opgeschort van woensdag 11 maart 2026 tot en met woensdag 11 maart 2026: 1 dag (Awb 4:15)."
    )


def test_suspension_ended_the_same_day_suspends_nothing():
    deadline = deadline_for(
        Procedure.REGULIER, RECEIVED, suspensions=[Suspension(D(2026, 3, 10), D(2026, 3, 10))]
    )
    assert (deadline.due, deadline.suspended_days) == (D(2026, 4, 28), 0)
    assert deadline.adjustments[-1] == (
        "Opschorting van dinsdag 10 maart 2026 op dezelfde dag beëindigd: 0 dagen."
    )


def test_suspension_ending_before_it_starts_is_invalid_data():
    with pytest.raises(ValueError, match="end before it starts"):
        deadline_for(
            Procedure.REGULIER, RECEIVED, suspensions=[Suspension(D(2026, 3, 10), D(2026, 3, 9))]
        )


class TestOpenSuspension:
    received = D(2026, 10, 30)
    open_suspension = Suspension(D(2026, 11, 2))

    def compute(self, as_of):
        return deadline_for(
            Procedure.AWB_4_13, self.received, suspensions=[self.open_suspension], as_of=as_of
        )

    def test_counts_up_to_as_of(self):
        deadline = self.compute(D(2026, 11, 13))
        assert deadline.suspended_now is True
        assert deadline.adjustments[-3:] == (
            "Opgeschort sinds maandag 2 november 2026 en nog lopend; tot en met vrijdag "
            "13 november 2026 telt dat 11 dagen (Awb 4:15).",
            "Nieuwe einddatum: dinsdag 5 januari 2027.",
            "De termijn staat stil zolang de opschorting loopt; de einddatum is voorlopig.",
        )

    def test_on_its_first_day_the_clock_stops_without_days_counted(self):
        deadline = self.compute(D(2026, 11, 2))
        assert (deadline.due, deadline.suspended_days, deadline.suspended_now) == (
            D(2026, 12, 28),
            0,
            True,
        )

    def test_one_day_later_one_day_is_counted(self):
        # Christmas Day + 1 = Saturday 26 December: the weekend absorbs the day.
        deadline = self.compute(D(2026, 11, 3))
        assert (deadline.due, deadline.suspended_days) == (D(2026, 12, 28), 1)
        assert deadline.adjustments[-4:] == (
            "Opgeschort sinds maandag 2 november 2026 en nog lopend; tot en met dinsdag "
            "3 november 2026 telt dat 1 dag (Awb 4:15).",
            "Nieuwe einddatum: zaterdag 26 december 2026.",
            "Termijn eindigt op zaterdag 26 december 2026 (Tweede Kerstdag); verschoven naar "
            "maandag 28 december 2026 (Atw art. 1).",
            "De termijn staat stil zolang de opschorting loopt; de einddatum is voorlopig.",
        )
        assert self.open_suspension.is_open
        assert not ASKED.is_open

    def test_without_as_of_nothing_is_counted_yet(self):
        deadline = self.compute(None)
        assert (deadline.due, deadline.suspended_days, deadline.suspended_now) == (
            D(2026, 12, 28),
            0,
            True,
        )
        assert deadline.adjustments[-2] == (
            "Opgeschort sinds maandag 2 november 2026 en nog lopend (Awb 4:15)."
        )

    def test_as_of_before_its_start(self):
        deadline = self.compute(D(2026, 11, 1))
        assert (deadline.due, deadline.suspended_days, deadline.suspended_now) == (
            D(2026, 12, 28),
            0,
            False,
        )
        assert deadline.adjustments[-1] == (
            "Opschorting vanaf maandag 2 november 2026 is op zondag 1 november 2026 nog niet "
            "begonnen."
        )


def test_events_after_the_term_expired_do_not_count():
    deadline = deadline_for(
        Procedure.REGULIER,
        RECEIVED,
        suspensions=[Suspension(D(2026, 5, 4), D(2026, 5, 14))],
        extension=Extension(D(2026, 4, 29), SIX_WEEKS),
    )
    assert (deadline.due, deadline.suspended_days, deadline.extension_days) == (
        D(2026, 4, 28),
        0,
        0,
    )
    assert deadline.adjustments[-2:] == (
        "Verlenging van woensdag 29 april 2026 telt niet: de termijn liep af op "
        "dinsdag 28 april 2026.",
        "Opschorting van maandag 4 mei 2026 telt niet: de termijn liep af op "
        "dinsdag 28 april 2026.",
    )


def test_a_suspension_inside_the_extended_term_counts():
    # Extended on 20 April to 8 June; asked to complete on 1 June for 3 days: Thursday 11 June.
    deadline = deadline_for(
        Procedure.REGULIER,
        RECEIVED,
        suspensions=[Suspension(D(2026, 6, 1), D(2026, 6, 4))],
        extension=Extension(D(2026, 4, 20), SIX_WEEKS),
    )
    assert (deadline.due, deadline.suspended_days, deadline.extension_days) == (
        D(2026, 6, 11),
        3,
        42,
    )


# --- extension refusals ------------------------------------------------------------------------


def refusal(extension, *, existing=None, max_extension=SIX_WEEKS, suspensions=(), **kwargs):
    return extension_refusal(
        received=kwargs.get("received", RECEIVED),
        term=kwargs.get("term", Term(weeks=8)),
        suspensions=suspensions,
        extension=extension,
        max_extension=max_extension,
        calendar=NO_EQUATED,
        existing=existing,
    )


@pytest.mark.parametrize(
    "decided_on",
    [RECEIVED, D(2026, 4, 20), D(2026, 4, 27), D(2026, 4, 28)],
    ids=["on receipt", "in time", "on king's day", "on the last day"],
)
def test_extension_in_time_is_allowed(decided_on):
    assert refusal(Extension(decided_on, SIX_WEEKS)) is None
    assert refusal(Extension(decided_on, Term(weeks=2))) is None


def test_late_extension_is_refused_with_the_date_the_term_expired():
    assert refusal(Extension(D(2026, 4, 29), SIX_WEEKS)) == (
        "De termijn liep af op dinsdag 28 april 2026; een verlenging op woensdag 29 april 2026 "
        "is te laat."
    )


def test_suspension_keeps_an_extension_in_time():
    # Without the suspension the term ended on 28 April; with 10 days it runs to 7 May.
    assert refusal(Extension(D(2026, 5, 6), SIX_WEEKS), suspensions=[ASKED]) is None
    assert refusal(Extension(D(2026, 5, 8), SIX_WEEKS), suspensions=[ASKED]) == (
        "De termijn liep af op donderdag 7 mei 2026; een verlenging op vrijdag 8 mei 2026 "
        "is te laat."
    )


def test_running_suspension_keeps_an_extension_in_time():
    running = Suspension(D(2026, 4, 20))
    assert refusal(Extension(D(2026, 5, 4), SIX_WEEKS), suspensions=[running]) is None


def test_suspension_started_after_the_extension_does_not_rescue_it():
    later = Suspension(D(2026, 4, 30), D(2026, 5, 20))
    assert refusal(Extension(D(2026, 4, 29), SIX_WEEKS), suspensions=[later]) == (
        "De termijn liep af op dinsdag 28 april 2026; een verlenging op woensdag 29 april 2026 "
        "is te laat."
    )


def test_second_extension_is_refused():
    first = Extension(D(2026, 4, 1), Term(weeks=2))
    assert refusal(Extension(D(2026, 4, 10), Term(weeks=2)), existing=first) == (
        "De termijn is al verlengd op woensdag 1 april 2026; verlengen kan maar één keer."
    )


def test_too_long_extension_names_both_lengths():
    assert refusal(Extension(D(2026, 4, 1), Term(weeks=7))) == (
        "Een verlenging van 7 weken is langer dan het maximum van 6 weken."
    )
    assert (
        refusal(Extension(D(2026, 4, 1), Term(weeks=4, days=1)), max_extension=Term(weeks=4))
        == "Een verlenging van 4 weken en 1 dag is langer dan het maximum van 4 weken."
    )


def test_extension_before_receipt_is_refused():
    assert refusal(Extension(D(2026, 3, 1), SIX_WEEKS)) == (
        "Het verlengingsbesluit van zondag 1 maart 2026 ligt vóór de ontvangst op "
        "maandag 2 maart 2026."
    )


def test_empty_extension_is_refused():
    assert refusal(Extension(D(2026, 4, 1), Term())) == (
        "Een verlenging moet ten minste één dag zijn."
    )


@pytest.mark.parametrize("procedure", [Procedure.MELDING, Procedure.AWB_4_13, Procedure.GEEN])
def test_procedures_without_extension_refuse_it(procedure):
    terms = PROCEDURE_TERMS[procedure]
    assert refusal(
        Extension(D(2026, 3, 3), Term(weeks=1)),
        term=terms.term,
        max_extension=terms.max_extension,
    ) == ("Deze termijn kan niet worden verlengd.")


# --- suspension refusals -----------------------------------------------------------------------


def suspension_check(new, existing=(), **kwargs):
    return suspension_refusal(received=RECEIVED, suspensions_existing=existing, new=new, **kwargs)


@pytest.mark.parametrize(
    ("new", "existing", "kwargs"),
    [
        pytest.param(ASKED, [], {}, id="first"),
        pytest.param(Suspension(RECEIVED), [], {}, id="open from receipt"),
        pytest.param(Suspension(D(2026, 3, 20), D(2026, 3, 25)), [ASKED], {}, id="back to back"),
        pytest.param(Suspension(D(2026, 3, 20)), [ASKED], {}, id="open right after a closed one"),
        pytest.param(Suspension(D(2026, 3, 25)), [ASKED], {"due": D(2026, 5, 7)}, id="in time"),
        pytest.param(
            Suspension(D(2026, 3, 15), D(2026, 3, 15)), [ASKED], {}, id="empty inside another"
        ),
        pytest.param(ASKED, [], {"decided_on": D(2026, 3, 20)}, id="ends on decision day"),
    ],
)
def test_suspension_allowed(new, existing, kwargs):
    assert suspension_check(new, existing, **kwargs) is None


@pytest.mark.parametrize(
    ("new", "existing", "kwargs", "message"),
    [
        pytest.param(
            Suspension(D(2026, 3, 1), D(2026, 3, 5)),
            [],
            {},
            "Een opschorting kan niet beginnen vóór de ontvangst op maandag 2 maart 2026.",
            id="before receipt",
        ),
        pytest.param(
            Suspension(D(2026, 3, 10), D(2026, 3, 9)),
            [],
            {},
            "De opschorting eindigt op maandag 9 maart 2026, vóór ze begint op "
            "dinsdag 10 maart 2026.",
            id="end before start",
        ),
        pytest.param(
            Suspension(D(2026, 3, 10), D(2026, 3, 12)),
            [],
            {"decided_on": D(2026, 3, 9)},
            "Na het besluit van maandag 9 maart 2026 kan de termijn niet meer worden opgeschort.",
            id="after the decision",
        ),
        pytest.param(
            Suspension(D(2026, 3, 10)),
            [],
            {"decided_on": D(2026, 3, 12)},
            "De opschorting moet uiterlijk eindigen op de besluitdatum donderdag 12 maart 2026.",
            id="open on a decided case",
        ),
        pytest.param(
            Suspension(D(2026, 4, 29), D(2026, 5, 4)),
            [],
            {"due": D(2026, 4, 28)},
            "De termijn liep af op dinsdag 28 april 2026; opschorten kan dan niet meer.",
            id="after the term expired",
        ),
        pytest.param(
            Suspension(D(2026, 3, 25)),
            [Suspension(D(2026, 3, 10))],
            {},
            "Er loopt al een opschorting sinds dinsdag 10 maart 2026; sluit die eerst af.",
            id="second open",
        ),
        pytest.param(
            Suspension(D(2026, 3, 19), D(2026, 3, 25)),
            [ASKED],
            {},
            "De opschorting overlapt met de opschorting van dinsdag 10 maart 2026 tot en met "
            "vrijdag 20 maart 2026.",
            id="overlaps the end",
        ),
        pytest.param(
            Suspension(D(2026, 3, 5), D(2026, 3, 11)),
            [ASKED],
            {},
            "De opschorting overlapt met de opschorting van dinsdag 10 maart 2026 tot en met "
            "vrijdag 20 maart 2026.",
            id="overlaps the start",
        ),
        pytest.param(
            Suspension(D(2026, 3, 5)),
            [ASKED],
            {},
            "De opschorting overlapt met de opschorting van dinsdag 10 maart 2026 tot en met "
            "vrijdag 20 maart 2026.",
            id="open over a closed one",
        ),
        pytest.param(
            Suspension(D(2026, 3, 25), D(2026, 3, 30)),
            [Suspension(D(2026, 3, 20))],
            {},
            "De opschorting overlapt met de lopende opschorting sinds vrijdag 20 maart 2026.",
            id="inside a running one",
        ),
    ],
)
def test_suspension_refused(new, existing, kwargs, message):
    assert suspension_check(new, existing, **kwargs) == message


# --- status ------------------------------------------------------------------------------------

DUE_28_APRIL = deadline_for(Procedure.REGULIER, RECEIVED)


@pytest.mark.parametrize(
    ("today", "state", "days_left", "label"),
    [
        (D(2026, 4, 1), DeadlineState.OP_TIJD, 27, "nog 27 dagen"),
        (D(2026, 4, 17), DeadlineState.OP_TIJD, 11, "nog 11 dagen"),
        (D(2026, 4, 18), DeadlineState.BIJNA, 10, "nog 10 dagen"),
        (D(2026, 4, 27), DeadlineState.BIJNA, 1, "nog 1 dag"),
        (D(2026, 4, 28), DeadlineState.BIJNA, 0, "laatste dag"),
        (D(2026, 4, 29), DeadlineState.VERLOPEN, -1, "1 dag over de termijn"),
        (D(2026, 4, 30), DeadlineState.VERLOPEN, -2, "2 dagen over de termijn"),
    ],
)
def test_status(today, state, days_left, label):
    status = deadline_status(DUE_28_APRIL, today=today)
    assert (status.state, status.days_left, status.label) == (state, days_left, label)


def test_status_due_soon_is_configurable():
    status = deadline_status(DUE_28_APRIL, today=D(2026, 4, 18), due_soon_days=5)
    assert status.state == DeadlineState.OP_TIJD


@pytest.mark.parametrize(
    ("decided_on", "label"),
    [(D(2026, 4, 28), "op tijd afgerond"), (D(2026, 4, 29), "te laat afgerond")],
)
def test_status_decided(decided_on, label):
    status = deadline_status(DUE_28_APRIL, today=D(2026, 6, 1), decided_on=decided_on)
    assert (status.state, status.days_left, status.label) == (DeadlineState.AFGEROND, None, label)


def test_status_suspended():
    deadline = deadline_for(
        Procedure.AWB_4_13,
        D(2026, 10, 30),
        suspensions=[Suspension(D(2026, 11, 2))],
        as_of=D(2026, 11, 13),
    )
    status = deadline_status(deadline, today=D(2026, 11, 13))
    assert (status.state, status.days_left, status.label) == (
        DeadlineState.OPGESCHORT,
        53,  # 13 Nov 2026 to 5 Jan 2027
        "opgeschort",
    )


# --- permit by default -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "procedure", "today", "decided_on", "risk"),
    [
        ("wabo", "regulier", D(2026, 4, 28), None, False),
        ("wabo", "regulier", D(2026, 4, 29), None, True),
        ("wabo", "regulier", D(2026, 6, 1), D(2026, 4, 28), False),
        ("wabo", "regulier", D(2026, 6, 1), D(2026, 4, 29), True),
        ("wabo", "uitgebreid", D(2026, 6, 1), None, False),
        ("omgevingswet", "regulier", D(2026, 6, 1), None, False),
    ],
)
def test_permit_by_default_risk(regime, procedure, today, decided_on, risk):
    assert (
        permit_by_default_risk(
            regime=regime,
            procedure=procedure,
            deadline=DUE_28_APRIL,
            today=today,
            decided_on=decided_on,
        )
        is risk
    )


@pytest.mark.parametrize(
    ("regime", "procedure", "applies"),
    [
        (Regime.OMGEVINGSWET, Procedure.REGULIER, True),
        (Regime.OMGEVINGSWET, Procedure.UITGEBREID, True),
        (Regime.OMGEVINGSWET, Procedure.AWB_4_13, True),
        (Regime.WABO, Procedure.UITGEBREID, True),
        (Regime.WABO, Procedure.REGULIER, False),  # permit by default instead
        (Regime.OMGEVINGSWET, Procedure.MELDING, False),
        (Regime.OMGEVINGSWET, Procedure.AWB_9_11, False),
        (Regime.OMGEVINGSWET, Procedure.GEEN, False),
    ],
)
def test_penalty_claim_applies(regime, procedure, applies):
    assert penalty_claim_applies(regime=regime, procedure=procedure) is applies


# --- penalty claims (Awb 4:17) -----------------------------------------------------------------

NOTICE = D(2026, 5, 4)  # received by the authority after the term expired on 28 April
FIRST_PENALTY_DAY = D(2026, 5, 19)  # 4 May + 15: the authority may decide through 18 May


@pytest.mark.parametrize(
    ("days", "amount", "capped"),
    [
        (1, "23", False),
        (14, "322", False),  # 14 x 23
        (15, "357", False),  # 322 + 35
        (28, "812", False),  # 322 + 14 x 35
        (29, "857", False),  # 812 + 45
        (41, "1397", False),
        (42, "1442", True),  # 812 + 14 x 45: the maximum
        (50, "1442", True),
    ],
)
def test_penalty_claim_per_day(days, amount, capped):
    today = FIRST_PENALTY_DAY + dt.timedelta(days=days - 1)
    claim = penalty_claim(
        deadline=DUE_28_APRIL, notice_received=NOTICE, today=today, decided_on=None
    )
    assert claim is not None
    assert (claim.notice_received, claim.first_penalty_day) == (NOTICE, FIRST_PENALTY_DAY)
    assert (claim.days, claim.amount, claim.capped) == (min(days, 42), Decimal(amount), capped)


@pytest.mark.parametrize(
    ("notice", "today", "decided_on"),
    [
        pytest.param(None, D(2026, 7, 1), None, id="no notice"),
        pytest.param(D(2026, 4, 20), D(2026, 7, 1), None, id="notice before expiry"),
        pytest.param(D(2026, 4, 28), D(2026, 7, 1), None, id="notice on the last day"),
        pytest.param(NOTICE, D(2026, 5, 18), None, id="grace period running"),
        pytest.param(NOTICE, D(2026, 7, 1), D(2026, 5, 18), id="decided in the grace period"),
        pytest.param(NOTICE, D(2026, 7, 1), FIRST_PENALTY_DAY, id="decided on first day"),
    ],
)
def test_no_penalty(notice, today, decided_on):
    assert (
        penalty_claim(
            deadline=DUE_28_APRIL, notice_received=notice, today=today, decided_on=decided_on
        )
        is None
    )


def test_penalty_stops_at_the_decision():
    claim = penalty_claim(
        deadline=DUE_28_APRIL,
        notice_received=NOTICE,
        today=D(2026, 12, 1),
        decided_on=FIRST_PENALTY_DAY + dt.timedelta(days=3),
    )
    assert claim is not None
    assert (claim.days, claim.amount, claim.capped) == (3, Decimal(69), False)


def test_penalty_scale_is_data():
    scale = PenaltyScale(grace_days=0, max_days=100, tiers=((2, Decimal("10")), (1, Decimal(1))))
    assert scale.amount(5) == Decimal(23)  # 2 x 10 + 3 x 1: the last rate runs on
    claim = penalty_claim(
        deadline=DUE_28_APRIL,
        notice_received=NOTICE,
        today=D(2026, 5, 9),
        decided_on=None,
        scale=scale,
    )
    assert claim is not None
    assert (claim.first_penalty_day, claim.days, claim.amount) == (D(2026, 5, 5), 5, Decimal(23))
    with pytest.raises(ValueError, match="tiers"):
        PenaltyScale(tiers=())


# --- properties --------------------------------------------------------------------------------

days_2000_2100 = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
terms = st.builds(
    Term,
    weeks=st.integers(min_value=0, max_value=30),
    days=st.integers(min_value=0, max_value=10),
    statutory=st.booleans(),
)
calendars = st.builds(AtwCalendar, equated_days=st.frozensets(days_2000_2100, max_size=5))


@st.composite
def closed_suspensions(draw, received, until):
    """A suspension starting between ``received`` and ``until``."""
    start = draw(st.dates(min_value=received, max_value=max(received, until)))
    length = draw(st.integers(min_value=0, max_value=60))
    return Suspension(start, start + dt.timedelta(days=length))


@given(
    received=days_2000_2100,
    term=terms,
    calendar=calendars,
    data=st.data(),
)
def test_due_never_precedes_receipt_and_is_a_working_day(received, term, calendar, data):
    suspensions = data.draw(st.lists(closed_suspensions(received, received + dt.timedelta(400))))
    deadline = compute_deadline(
        received=received, term=term, suspensions=suspensions, calendar=calendar
    )
    assert received <= deadline.original_due <= deadline.due
    assert deadline.due >= received + dt.timedelta(days=term.as_days)
    if term.statutory:
        assert calendar.is_working(deadline.due)
        assert calendar.is_working(deadline.original_due)


@given(received=days_2000_2100, term=terms, calendar=calendars, data=st.data())
def test_suspension_of_n_days_moves_the_term_by_n_days(received, term, calendar, data):
    without = compute_deadline(received=received, term=term, calendar=calendar)
    suspension = data.draw(closed_suspensions(received, without.due))
    n = (suspension.end - suspension.start).days
    with_ = compute_deadline(
        received=received, term=term, suspensions=[suspension], calendar=calendar
    )
    assert with_.suspended_days == n
    nominal_without = received + dt.timedelta(days=term.as_days)
    # The end of the term moves by exactly n days; the Atw may then add some more. Measured
    # from the Atw-adjusted due date, a weekend can absorb part of n (see the table test).
    assert with_.due >= nominal_without + dt.timedelta(days=n)
    assert with_.due >= without.due
    if not term.statutory:
        assert (with_.due - without.due).days == n


@given(received=days_2000_2100, term=terms, calendar=calendars, data=st.data())
def test_extension_only_lengthens(received, term, calendar, data):
    without = compute_deadline(received=received, term=term, calendar=calendar)
    extension = Extension(
        data.draw(st.dates(min_value=received, max_value=without.due + dt.timedelta(days=30))),
        data.draw(st.builds(Term, weeks=st.integers(0, 6), days=st.integers(0, 6))),
    )
    extended = compute_deadline(
        received=received, term=term, extension=extension, calendar=calendar
    )
    assert extended.due >= without.due
    in_time = extension.decided_on <= without.due
    assert extended.extension_days == (extension.term.as_days if in_time else 0)
    refused = extension_refusal(
        received=received,
        term=term,
        suspensions=(),
        extension=extension,
        max_extension=Term(weeks=6, days=6),
        calendar=calendar,
    )
    assert (refused is None) is (in_time and extension.term.as_days > 0)


@given(
    received=days_2000_2100,
    term=terms,
    today=days_2000_2100,
    due_soon_days=st.integers(min_value=0, max_value=30),
)
def test_status_days_left_is_consistent(received, term, today, due_soon_days):
    deadline = compute_deadline(received=received, term=term)
    status = deadline_status(deadline, today=today, due_soon_days=due_soon_days)
    assert status.days_left == (deadline.due - today).days
    expected = (
        DeadlineState.VERLOPEN
        if status.days_left < 0
        else DeadlineState.BIJNA
        if status.days_left <= due_soon_days
        else DeadlineState.OP_TIJD
    )
    assert status.state == expected
    assert (status.state == DeadlineState.VERLOPEN) is (today > deadline.due)


@given(start=days_2000_2100, length=st.integers(min_value=0, max_value=40), calendar=calendars)
def test_atw_end_is_the_first_day_that_satisfies_both_articles(start, length, calendar):
    nominal = start + dt.timedelta(days=length)
    end = atw_end(start, nominal, calendar)
    assert end >= nominal
    assert calendar.is_working(end)
    working = [
        day
        for offset in range(1, (end - start).days + 1)
        if calendar.is_working(day := start + dt.timedelta(days=offset))
    ]
    if length >= 3:
        assert len(working) >= 2
        # Minimal: one day earlier fails art. 1 (before the end, only non-working days after the
        # nominal end) or art. 2 (fewer than two working days).
        assert (
            end == nominal
            or calendar.is_non_working(end - dt.timedelta(days=1))
            or (len(working) == 2)
        )
    else:
        assert all(
            calendar.is_non_working(nominal + dt.timedelta(days=offset))
            for offset in range((end - nominal).days)
        )


@given(
    notice_delay=st.integers(min_value=1, max_value=60),
    elapsed=st.integers(min_value=0, max_value=120),
)
def test_penalty_grows_with_time_and_stops_at_the_maximum(notice_delay, elapsed):
    notice = DUE_28_APRIL.due + dt.timedelta(days=notice_delay)
    today = notice + dt.timedelta(days=elapsed)
    claim = penalty_claim(
        deadline=DUE_28_APRIL, notice_received=notice, today=today, decided_on=None
    )
    tomorrow = penalty_claim(
        deadline=DUE_28_APRIL,
        notice_received=notice,
        today=today + dt.timedelta(days=1),
        decided_on=None,
    )
    assert tomorrow is not None or claim is None
    if claim is None:
        assert elapsed <= 14
        return
    assert tomorrow is not None
    assert 1 <= claim.days <= 42
    assert claim.days == min(elapsed - 14, 42)
    assert claim.amount <= tomorrow.amount <= Decimal(1442)


def test_deadline_is_a_value():
    deadline = deadline_for(Procedure.REGULIER, RECEIVED)
    assert isinstance(deadline, Deadline)
    with pytest.raises(AttributeError):
        deadline.due = D(2026, 5, 1)
