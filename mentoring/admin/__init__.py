"""Mentoring in the Wagtail admin: members, trainings (with attendance), activities and teams
for mentors, limited to their units' subtree; org units, roles and targets for provincial staff.

Every screen reads through one scoped queryset per model (mentoring.selectors): listings,
exports, edit, delete, history, inspect and the member pickers all start from it, so another
unit's object is a 404 whatever the URL. Forms offer only visible units and members, and the
views check the unit again before saving.

scoping (the base views and viewsets), members, picking (attendance, a team's members),
activities (trainings, activities, teams), staff (org units, roles, targets), menu and
log_formatters (the audit trail's wording).
"""
