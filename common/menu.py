"""The admin menu item shown only to people holding one of its permissions."""

from collections.abc import Iterable

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown when the user has any of ``permissions``; its view checks them again."""

    def __init__(self, *args, permissions: Iterable[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)
