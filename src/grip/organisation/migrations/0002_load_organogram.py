"""The organogram: ODZOB's teams and the functions people hold in them.

The seed plan names KIS, project- en programmamanagement, accountmanagement, bedrijfsvoering and
Omgevingskwaliteit; the VTH teams follow the usual split of an omgevingsdienst. All of it is
data the beheerder can change. Reversible.
"""

from django.db import migrations

TEAMS = [
    # code, name, kind, parent code, description
    ("directie", "Directie en management", "management", None, "Directeur en managers."),
    ("vergunningverlening", "Vergunningverlening", "vth", "directie", "Omgevingsvergunningen en meldingen milieu."),
    ("toezicht-handhaving", "Toezicht en handhaving", "vth", "directie", "Controles, bevindingen en handhaving milieu."),
    ("bouw-asbest-bodem", "Bouw, asbest en bodem", "vth", "directie", "Bouw- en sloopdossiers, asbest en bodem."),
    ("juridische-zaken", "Juridische zaken", "vth", "directie", "Handhavingsbesluiten, bezwaar en beroep."),
    ("omgevingskwaliteit", "Omgevingskwaliteit", "advice", "directie", "Specialistisch advies: lucht, geluid, externe veiligheid, bodem."),
    ("kis", "Kwaliteit, innovatie en strategie (KIS)", "kis", "directie", "Strategie, kwaliteitscriteria, KPI's en nulmeting, informatiegestuurd werken."),
    ("programmamanagement", "Project- en programmamanagement", "programmes", "directie", "Programma's en projecten, uitvoeringskaders, contractmanagement."),
    ("accountmanagement", "Accountmanagement", "accounts", "directie", "Eerste aanspreekpunt voor de deelnemers."),
    ("bedrijfsvoering", "Bedrijfsvoering", "operations", "directie", "Financiën, P&O, informatievoorziening en ICT, functioneel beheer."),
]

FUNCTIONS = [
    ("directeur", "Directeur"),
    ("manager", "Manager"),
    ("teamleider", "Teamleider"),
    ("toezichthouder", "Toezichthouder"),
    ("vergunningverlener", "Vergunningverlener"),
    ("jurist", "Jurist"),
    ("adviseur", "Adviseur"),
    ("kwaliteitsadviseur", "Adviseur kwaliteit en strategie"),
    ("data-analist", "Data-analist"),
    ("programmamanager", "Programmamanager"),
    ("projectleider", "Projectleider"),
    ("accountmanager", "Accountmanager"),
    ("medewerker-bedrijfsvoering", "Medewerker bedrijfsvoering"),
    ("functioneel-beheerder", "Functioneel beheerder"),
]


def load(apps, schema_editor):
    team_model = apps.get_model("organisation", "Team")
    function_model = apps.get_model("organisation", "Function")
    created = {}
    for code, name, kind, parent, description in TEAMS:
        created[code] = team_model.objects.create(
            code=code, name=name, kind=kind, parent=created.get(parent), description=description
        )
    function_model.objects.bulk_create([function_model(code=code, name=name) for code, name in FUNCTIONS])


def unload(apps, schema_editor):
    team_model = apps.get_model("organisation", "Team")
    function_model = apps.get_model("organisation", "Function")
    codes = [code for code, *_rest in TEAMS]
    team_model.objects.filter(code__in=codes).exclude(parent=None).delete()
    team_model.objects.filter(code__in=codes).delete()
    function_model.objects.filter(code__in=[code for code, _name in FUNCTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
