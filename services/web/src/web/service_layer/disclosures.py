"""What the disclosure pages ask of the gateway: a case's disclosures, the items to choose
from, asking for one, following its build, its package; and, for the recipient (no
session: the receipt's token is the credential), what was disclosed and the acknowledgement."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from web.adapters.gateway import GatewayClient
from web.domain.case_views import CaseView
from web.domain.disclosures import (
    Choice,
    ChoiceGroup,
    Choices,
    DisclosureForm,
    DisclosureView,
    DisclosureViews,
    NewDisclosure,
    RecipientView,
    grouped,
)
from web.service_layer.api import Api
from web.service_layer.relay import Relay, relay


@dataclass
class ListPage:
    case: CaseView
    disclosures: list[DisclosureView]


@dataclass
class ChoosePage:
    case: CaseView
    groups: list[ChoiceGroup]

    @property
    def known(self) -> set[uuid.UUID]:
        return {i.id for g in self.groups for i in (g.original, *g.copies)}


@dataclass
class DisclosurePage:
    case: CaseView
    disclosure: DisclosureView
    items: dict[uuid.UUID, Choice]  # the case's items, for names while it builds


async def list_page(api: Api, case_id: uuid.UUID) -> ListPage:
    case, found = await asyncio.gather(
        api.get(CaseView, f"/cases/{case_id}"),
        api.get(DisclosureViews, f"/cases/{case_id}/disclosures"),
    )
    return ListPage(case, found.items)


async def choose_page(api: Api, case_id: uuid.UUID) -> ChoosePage:
    case, found = await asyncio.gather(
        api.get(CaseView, f"/cases/{case_id}"), api.every(Choices, f"/cases/{case_id}/evidence")
    )
    return ChoosePage(case, grouped(found.items))


async def create(api: Api, case_id: uuid.UUID, form: DisclosureForm) -> NewDisclosure:
    created = await api.send("POST", f"/cases/{case_id}/disclosures", form.body())
    return NewDisclosure.model_validate(created)


async def read(api: Api, disclosure_id: uuid.UUID) -> DisclosureView:
    found: DisclosureView = await api.get(DisclosureView, f"/disclosures/{disclosure_id}")
    return found


async def disclosure_page(api: Api, disclosure_id: uuid.UUID) -> DisclosurePage:
    disclosure = await read(api, disclosure_id)
    case, items = await asyncio.gather(
        api.get(CaseView, f"/cases/{disclosure.case_id}"),
        api.every(Choices, f"/cases/{disclosure.case_id}/evidence"),
    )
    return DisclosurePage(case, disclosure, {i.id: i for i in items.items})


async def download(api: Api, disclosure_id: uuid.UUID) -> Relay:
    """The package as the gateway streams it (409 until it is ready); the gateway's stream
    closes when the body ends or the browser goes away."""
    return await relay(api, f"/disclosures/{disclosure_id}/download", None)


async def for_recipient(gateway: GatewayClient, token: str) -> RecipientView:
    return RecipientView.model_validate(await gateway.public_disclosure(token))


async def acknowledge(gateway: GatewayClient, token: str, name: str) -> None:
    await gateway.acknowledge_disclosure(token, name)
