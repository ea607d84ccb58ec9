"""Pages for supervision and enforcement: the inspector's work list, inspections with their
findings (a tablet form with large touch targets and the matrix picker), violations with the
interventions their cell proposes and the escalation ladder, measures with their penalties and
appeals, and the enforcement strategy as a 4 × 4 grid.

Reads go through ``grip.enforcement.selectors`` (a participant user sees only its own rows;
another participant's answers 404), writes through ``grip.enforcement.services``, which check
the permission, the participant and every rule again. The pages hold no rules: a refusal comes
back as the page with the service's own sentence at the field it names (422; 403 and 409 keep
their meaning), and nothing is written. The forms work without JavaScript; htmx saves one
finding at a time and previews the mandate a measure will be signed under.

- ``common``: small helpers every page uses (today, the user, the matrix's labels).
- ``actions``: the pattern every action of a detail page follows (form, service, answer).
- ``forms``: the forms; they only parse input.
- ``inspections``: the work list, inspections, their findings and completion.
- ``violations``: violations, notices of intent and imposing a measure.
- ``measures``: measures, penalties, appeals.
- ``strategy``: the enforcement strategy and its cells.
"""
