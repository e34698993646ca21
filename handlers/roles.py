"""What a user may do: the roles granted in the database plus the admins from settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.users import Role

STAFF_ROLES = (Role.ADMIN, Role.MODERATOR, Role.OFFICER, Role.HEAD)


@dataclass(frozen=True, slots=True)
class Roles:
    grants: frozenset[tuple[Role, str]] = frozenset()

    @classmethod
    def of(cls, grants: Iterable[tuple[str, str]], *, admin: bool = False) -> Roles:
        pairs = {(Role(role), department) for role, department in grants}
        if admin:
            pairs.add((Role.ADMIN, ""))
        return cls(frozenset(pairs))

    def has(self, *roles: Role) -> bool:
        return any(role in roles for role, _ in self.grants)

    def departments(self, *roles: Role) -> frozenset[str]:
        """Departments this user acts for in any of ``roles``."""
        return frozenset(dept for role, dept in self.grants if role in roles and dept)

    @property
    def is_staff(self) -> bool:
        return self.has(*STAFF_ROLES)
