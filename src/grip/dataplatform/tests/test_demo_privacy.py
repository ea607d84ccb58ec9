"""The demo's privacy part: the privacy officer's log-in, the register, and logged reads whose
chain verifies (loaded once for the class at scale small)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.test import TestCase

from grip.core.demodata import Progress, demo_logins, load_demo
from grip.dataplatform import accesslog
from grip.dataplatform.demo import PRIVACY_READ_DAYS, PRIVACY_USERNAME
from grip.dataplatform.models import AccessLogLine, ProcessingActivity

SEED = 4


class DemoPrivacyTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(scale="small", seed=SEED, year=2026, progress=Progress(io.StringIO()))

    def test_the_privacy_officer_logs_in_and_reads_the_log(self):
        user = get_user_model().objects.get(username=PRIVACY_USERNAME)
        assert user.has_perm("dataplatform.view_accesslogline")
        assert user.has_perm("dataplatform.add_processingactivity")
        assert not user.has_perm("dataplatform.delete_accesslogline")
        assert PRIVACY_USERNAME in [login.username for login in demo_logins()]

    def test_the_reads_are_logged_under_the_register_and_the_chain_holds(self):
        lines = list(AccessLogLine.objects.order_by("seq"))
        assert len(lines) == len(PRIVACY_READ_DAYS)
        assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
        codes = set(ProcessingActivity.objects.values_list("code", flat=True))
        for line in lines:
            assert line.processing_activity_id.rsplit("/", 2)[-2] in codes
            assert line.outcome == "getoond"
            assert line.start_time < line.end_time
        assert accesslog.latest_anchor() == accesslog.Anchor(lines[-1].seq, lines[-1].hash)
        assert accesslog.verify() == []
