"""Signing in and out, and the access token of a session, refreshed when it expires.

Reading a session's access token holds the session's lock: the gateway rotates the refresh
token on each use and ends the session if an old one is presented again (decision 0016), so
two calls must never refresh at once. The calls themselves run outside it: a page's calls may
run side by side (an access token stays good until it expires, refreshed or not).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from web.adapters.acting_header import acting_for
from web.adapters.gateway import GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.domain.errors import ApiProblem, SignedOut
from web.domain.mfa import PendingSignIn
from web.domain.sessions import Tokens, WebSession

T = TypeVar("T")
UNAUTHORIZED = 401


def now() -> datetime:
    return datetime.now(UTC)


def anonymous(store: InMemorySessionStore, session: WebSession | None) -> WebSession:
    """The browser's session, or a new one (not signed in) that carries a CSRF token."""
    return session or store.add(WebSession.new(now()))


async def sign_in(
    store: InMemorySessionStore,
    gateway: GatewayClient,
    old: WebSession,
    credentials: tuple[str, str],
    client_address: str | None,
) -> WebSession:
    """A new session id on sign-in (never the one the browser had before: no fixation). A user
    with a second factor is asked for it: SecondFactorRequired."""
    email, password = credentials
    tokens = await gateway.sign_in(email, password, client_address=client_address)
    return await _signed_in(store, gateway, old, tokens)


async def sign_in_second_factor(
    store: InMemorySessionStore,
    gateway: GatewayClient,
    old: WebSession,
    pending: PendingSignIn,
    proof: dict[str, str],
    client_address: str | None,
) -> WebSession:
    """The second step: the code (or recovery code) for the password step's token."""
    tokens = await gateway.sign_in_second_factor(
        pending.mfa_token, proof, client_address=client_address
    )
    return await _signed_in(store, gateway, old, tokens)


async def sign_in_with_provider(
    store: InMemorySessionStore,
    gateway: GatewayClient,
    old: WebSession,
    answer: tuple[str, str],
    client_address: str | None,
) -> WebSession:
    """The identity provider's (state, code), taken to the gateway; a new session id."""
    state, code = answer
    tokens = await gateway.finish_provider_sign_in(state, code, client_address=client_address)
    return await _signed_in(store, gateway, old, tokens)


async def _signed_in(
    store: InMemorySessionStore, gateway: GatewayClient, old: WebSession, tokens: Tokens
) -> WebSession:
    user = await gateway.me(tokens.access_token)
    store.remove(old.id)
    session = WebSession.new(now(), tokens)
    session.user = user
    return store.add(session)


async def sign_out(
    store: InMemorySessionStore, gateway: GatewayClient, session: WebSession
) -> str | None:
    """Ends the gateway session too; the browser's session is gone whatever the gateway says.
    The identity provider's end-session URL, for a session opened through one that has it."""
    try:
        return await call(store, gateway, session, gateway.sign_out)
    except SignedOut:
        return None
    finally:
        store.remove(session.id)


async def call(
    store: InMemorySessionStore,
    gateway: GatewayClient,
    session: WebSession,
    action: Callable[[str], Awaitable[T]],
) -> T:
    """Runs one API call with the session's access token (and, while a superadmin acts for an
    organization, its id: decision 0048); a 401 ends the session."""
    async with session.lock:
        token = await _access_token(gateway, session)
    try:
        with acting_for(session.acting.org_id if session.acting else None):
            return await action(token)
    except ApiProblem as refused:
        if refused.status != UNAUTHORIZED:
            raise
        store.remove(session.id)
        session.tokens = None
        raise SignedOut from refused


async def _access_token(gateway: GatewayClient, session: WebSession) -> str:
    if session.tokens is None:
        raise SignedOut
    if session.tokens.expired(now()):
        session.tokens = await gateway.refresh(session.tokens.refresh_token)
    return session.tokens.access_token
