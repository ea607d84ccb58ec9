"""The 21 municipalities and the province that own ODZOB, with their CBS codes (DOMAIN.md).

Reversible: going back removes exactly these participants again.
"""

import datetime

from django.db import migrations

# ODZOB was founded on 1 June 2013; each participant has been one since then.
FOUNDED = datetime.date(2013, 6, 1)

PARTICIPANTS = [
    ("GM0743", "Asten", "gemeente"),
    ("GM1724", "Bergeijk", "gemeente"),
    ("GM0753", "Best", "gemeente"),
    ("GM1728", "Bladel", "gemeente"),
    ("GM1706", "Cranendonck", "gemeente"),
    ("GM0762", "Deurne", "gemeente"),
    ("GM0770", "Eersel", "gemeente"),
    ("GM0772", "Eindhoven", "gemeente"),
    ("GM1771", "Geldrop-Mierlo", "gemeente"),
    ("GM1652", "Gemert-Bakel", "gemeente"),
    ("GM1658", "Heeze-Leende", "gemeente"),
    ("GM0794", "Helmond", "gemeente"),
    ("GM1659", "Laarbeek", "gemeente"),
    ("GM0820", "Nuenen, Gerwen en Nederwetten", "gemeente"),
    ("GM0823", "Oirschot", "gemeente"),
    ("GM1667", "Reusel-De Mierden", "gemeente"),
    ("GM0847", "Someren", "gemeente"),
    ("GM0848", "Son en Breugel", "gemeente"),
    ("GM0858", "Valkenswaard", "gemeente"),
    ("GM0861", "Veldhoven", "gemeente"),
    ("GM0866", "Waalre", "gemeente"),
    # The province's code is marked "check" in DOMAIN.md: data, correctable by the beheerder.
    ("PV30", "Provincie Noord-Brabant", "provincie"),
]


def load(apps, schema_editor):
    participant = apps.get_model("participants", "Participant")
    participant.objects.bulk_create(
        [participant(code=code, name=name, kind=kind, valid_from=FOUNDED) for code, name, kind in PARTICIPANTS]
    )


def unload(apps, schema_editor):
    participant = apps.get_model("participants", "Participant")
    participant.objects.filter(code__in=[code for code, _name, _kind in PARTICIPANTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
