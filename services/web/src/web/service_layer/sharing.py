"""What the sharing pages ask of the gateway: who has access to a case or an item (grants and
share links, with names), and giving and taking back access."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from typing import Any

from web.domain.case_views import CaseView, EvidenceView
from web.domain.errors import ApiProblem
from web.domain.request_settings import OrgCard, Person
from web.domain.sharing import (
    GrantForm,
    GrantView,
    GrantViews,
    GuestForm,
    GuestInvitation,
    LinkForm,
    ShareLinkCreated,
    ShareLinkView,
    ShareLinkViews,
)
from web.domain.views import Problem
from web.service_layer.api import Api
from web.service_layer.cases import directory


@dataclass
class Target:
    """The case or item the page is about: what its sub-navigation needs."""

    kind: str  # cases or evidence
    id: uuid.UUID
    title: str
    case: CaseView | None = None
    item: EvidenceView | None = None

    @property
    def path(self) -> str:
        return f"/{self.kind}/{self.id}"


@dataclass
class SharingPage:
    target: Target
    grants: list[GrantView]
    links: list[ShareLinkView]
    people: list[Person]  # members of the caller's organization, to grant to
    guests: list[Person]  # the organization's guests
    names: dict[uuid.UUID, str] = field(default_factory=dict)  # grantees and granters


async def target(api: Api, kind: str, object_id: uuid.UUID) -> Target:
    if kind == "cases":
        case: CaseView = await api.get(CaseView, f"/cases/{object_id}")
        return Target(kind, case.id, f"Case {case.number}", case=case)
    item: EvidenceView = await api.get(EvidenceView, f"/evidence/{object_id}")
    return Target(kind, item.id, item.filename, item=item)


async def sharing_page(
    api: Api, kind: str, object_id: uuid.UUID, org: uuid.UUID | None
) -> SharingPage:
    found = await target(api, kind, object_id)
    base = f"/{kind}/{object_id}"
    grants, links, everyone = await asyncio.gather(
        api.get(GrantViews, f"{base}/grants"),
        api.get(ShareLinkViews, f"{base}/share-links"),
        directory(api, org),
    )
    people = [p for p in everyone if "guest" not in p.roles]
    guests = [p for p in everyone if "guest" in p.roles]
    names = {p.id: p.display_name for p in everyone}
    orgs = {g.grantee_id for g in grants.items if g.grantee_type == "org"}
    names |= await _org_names(api, orgs)
    granted = sorted(grants.items, key=_newest, reverse=True)
    linked = sorted(links.items, key=_newest, reverse=True)
    return SharingPage(found, granted, linked, people, guests, names)


def _newest(access: GrantView | ShareLinkView) -> str:
    return access.created_at.isoformat() if access.created_at else ""


async def _org_names(api: Api, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    cards = await asyncio.gather(*(api.get(OrgCard, f"/orgs/{i}") for i in ids))
    return {card.id: card.name for card in cards}


async def find_org(api: Api, name: str) -> OrgCard:
    """The organization the form names: the one whose name is exactly it (any case), or the
    only one holding it; otherwise a refusal that says what to do."""
    found: Any = await api.get_json("/orgs", name=name, limit=20)
    cards = [OrgCard.model_validate(card) for card in found.get("items", [])]
    exact = [c for c in cards if c.name.casefold() == name.casefold()]
    if len(exact) == 1 or len(cards) == 1:
        return (exact or cards)[0]
    detail = (
        f"No organization is called {name}"
        if not cards
        else "Several organizations match: enter the full name ("
        + ", ".join(c.name for c in cards[:5])
        + ")"
    )
    raise ApiProblem(Problem(status=422, title="Unprocessable Content", detail=detail))


async def grant(api: Api, kind: str, object_id: uuid.UUID, form: GrantForm) -> None:
    grantee = form.grantee_of()
    if grantee is None:
        grantee = ("org", (await find_org(api, form.org_name)).id)
    await api.send("POST", f"/{kind}/{object_id}/grants", form.body(grantee))


async def create_link(
    api: Api, kind: str, object_id: uuid.UUID, form: LinkForm
) -> ShareLinkCreated:
    created = await api.send("POST", f"/{kind}/{object_id}/share-links", form.body())
    return ShareLinkCreated.model_validate(created)


async def invite_guest(api: Api, org_id: uuid.UUID, form: GuestForm) -> GuestInvitation:
    """The invitation, its token shown once: the page gives the link that accepts it, and
    says whether the invitee was emailed it too."""
    created = await api.send("POST", f"/orgs/{org_id}/guests", form.body())
    return GuestInvitation.model_validate(created)


async def revoke(api: Api, what: str, access_id: uuid.UUID) -> None:
    path = "/grants" if what == "grant" else "/share-links"
    await api.send("DELETE", f"{path}/{access_id}", None)
