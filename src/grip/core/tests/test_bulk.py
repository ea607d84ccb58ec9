"""insert_rows: many rows through executemany, values prepared as the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from grip.core.bulk import BATCH, insert_rows
from grip.core.models import AuditRecord, User

pytestmark = pytest.mark.django_db

FIELDS = (
    "at",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
)


def test_rows_read_back_as_written_with_dates_keys_and_json():
    actor = User.objects.create_user(username="schrijver", password="x" * 20)
    kind = ContentType.objects.get_for_model(User)
    at = datetime.datetime(2026, 11, 29, 10, 0, tzinfo=datetime.UTC)
    rows = [
        (at, actor.pk, "create", kind.pk, "1", "één", None, {"naam": "Asten", "uren": "12.50"}),
        (at, None, "update", kind.pk, "2", "twee", {"a": [1, 2]}, {"a": [1, 2, 3]}),
    ]

    assert insert_rows(AuditRecord, FIELDS, rows) == 2

    first, second = AuditRecord.objects.order_by("object_id")
    assert (first.at, first.actor_id, first.action, first.object_repr) == (
        at,
        actor.pk,
        "create",
        "één",
    )
    assert first.before is None
    assert first.after == {"naam": "Asten", "uren": "12.50"}
    assert (second.actor_id, second.before, second.after) == (None, {"a": [1, 2]}, {"a": [1, 2, 3]})


def test_more_rows_than_a_batch_are_all_written():
    kind = ContentType.objects.get_for_model(User)
    at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    count = BATCH + 7
    rows = ((at, None, "create", kind.pk, str(n), f"rij {n}", None, None) for n in range(count))

    assert insert_rows(AuditRecord, FIELDS, rows) == count
    assert AuditRecord.objects.count() == count
    assert AuditRecord.objects.filter(object_id=str(count - 1)).exists()


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="A row has 2 values for 8 fields"):
        insert_rows(AuditRecord, FIELDS, [("too", "short")])
