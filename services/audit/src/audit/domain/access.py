"""Who may make and read tree heads (decision 0014).

A head carries the size of the whole ledger, every organization's records together. Anyone
signed in still gets the heads their proofs are checked against (a proof cannot be checked
without its tree size); what is kept from them is signing heads at will, which would measure
every tenant's activity at any resolution, and reading the latest head for no record of theirs.
"""

from __future__ import annotations

from custody_contracts.principal import ROLE_SERVICE, ROLE_SUPERADMIN, Principal
from custody_platform.errors import PermissionDenied


def check_may_sign_tree_head(principal: Principal) -> None:
    """On demand, only a superadmin; the service signs on its own schedule regardless."""
    if not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied(
            "only a superadmin may sign a tree head on demand; heads are signed on a schedule"
        )


def check_may_read_latest_tree_head(principal: Principal) -> None:
    """Superadmins and services; users get heads with their proofs and disclosure packages."""
    if not principal.has_role(ROLE_SUPERADMIN, ROLE_SERVICE):
        raise PermissionDenied(
            "only a superadmin may read the latest tree head; proofs carry the head they need"
        )
