"""The mentoring dashboard and follow-up queue in the Wagtail admin (mounted by wagtail_hooks
under /cms-admin/mentoring/dashboard/, namespace "mentoring_dashboard").

Each page reads the org tree once for its report day, checks the unit asked for is in the
person's subtree (another unit's page is a 404, export included), and gets its figures from
mentoring.reporting in a fixed number of queries. Every table exports to XLSX and CSV with
?export=xlsx|csv (and &table= on the dashboard, which has several).
"""
