"""The modules of the harmonised execution framework (DOMAIN.md; issue 3): data, not code.

Reversible: going back removes exactly these modules.
"""

from django.db import migrations

MODULES = [
    ("milieu-basistaken", "Milieu basistaken", "De wettelijke basistaken milieu (Omgevingsbesluit, bijlage VI)."),
    ("milieu-plustaken", "Milieu plustaken", "Milieutaken die een deelnemer aanvullend inbrengt."),
    ("bouw-wabo", "Bouw- en Wabo-taken", "Bouwen, slopen en voormalige Wabo-taken."),
    ("asbest", "Asbest", "Sloopmeldingen en toezicht op asbestsanering."),
    ("bodem", "Bodem", "Bodemkwaliteit, bodemsanering en grondverzet."),
    ("externe-veiligheid", "Externe veiligheid", "Advies en toezicht externe veiligheid."),
    ("collectief", "Collectieve taken", "Taken voor alle deelnemers samen, verdeeld via een verdeelsleutel."),
]


def load(apps, schema_editor):
    module = apps.get_model("frameworks", "Module")
    module.objects.bulk_create([module(code=code, name=name, description=text) for code, name, text in MODULES])


def unload(apps, schema_editor):
    module = apps.get_model("frameworks", "Module")
    module.objects.filter(code__in=[code for code, _name, _text in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
