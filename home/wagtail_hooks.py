"""Admin home: the editors' dashboard panel (home/dashboard.py)."""

from wagtail import hooks

from home.dashboard import EditorDashboardPanel


@hooks.register("construct_homepage_panels")
def add_editor_dashboard(request, panels):
    panels.append(EditorDashboardPanel(request.user))
