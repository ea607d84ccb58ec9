"""The pages of the risk-based inspection programme (*toezichtprogramma*): the risk scores and
their explanations, the programmes and scenarios, the risk model and the inspectors' capacity.

The pages read through ``grip.planning.selectors`` and write through ``grip.planning.services``,
which check the permissions and the rules; the views only parse input and show the answers.
Participant users hold no planning permission: every page answers them 403.
"""
