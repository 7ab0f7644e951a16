"""The one client of the gateway's public HTTP API (/api/v1): every call the pages make.

Each method takes the caller's access token (or credentials), returns typed views and turns
a problem+json answer into ApiProblem. It holds no session state of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import structlog
from pydantic import BaseModel, ValidationError

from web.adapters.acting_header import carry_acting_for
from web.domain.errors import ApiProblem
from web.domain.mfa import MFA_REQUIRED, SecondFactorRequired
from web.domain.public_uploads import PublicFileRequest
from web.domain.sessions import Tokens
from web.domain.sharing import SharedContent
from web.domain.views import Problem, User

API = "/api/v1"
# A stream's heartbeats come every 15 s: three missed ones mean the gateway is gone.
STREAM_TIMEOUT = httpx.Timeout(15.0, read=45.0)
Model = TypeVar("Model", bound=BaseModel)
FilePart = tuple[str, bytes, str]  # (file name, content, media type)
UNAUTHORIZED = 401
# The gateway (uvicorn) closes a connection idle for 5 s and httpx would keep it 5 s too: a
# request sent at that moment can meet a closed socket, and a POST is not retried (a likely
# cause of one "Service unavailable" in a full test run). Idle connections go here first.
LIMITS = httpx.Limits(keepalive_expiry=2.0)


class GatewayClient:
    def __init__(self, base_url: str, *, timeout: float = 15.0, transport: Any = None) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            limits=LIMITS,
            transport=transport,
            event_hooks={"request": [_forward_request_id, carry_acting_for]},
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def sign_in(self, email: str, password: str, *, client_address: str | None) -> Tokens:
        """The browser's address goes along: the gateway limits sign-in attempts per address,
        and it trusts this header from the web app (its `trusted_proxies`)."""
        form = {"username": email, "password": password}
        headers = {"X-Forwarded-For": client_address} if client_address else None
        response = await self._http.post(f"{API}/auth/token", data=form, headers=headers)
        if response.status_code == UNAUTHORIZED and _problem(response).type == MFA_REQUIRED:
            raise SecondFactorRequired(str(response.json().get("mfa_token", "")))
        return _tokens(_checked(response))

    async def sign_in_second_factor(
        self, mfa_token: str, proof: dict[str, str], *, client_address: str | None
    ) -> Tokens:
        """The second step: the password step's ``mfa_token`` with a code or recovery code."""
        headers = {"X-Forwarded-For": client_address} if client_address else None
        body = {"mfa_token": mfa_token, **proof}
        response = await self._http.post(f"{API}/auth/token/mfa", json=body, headers=headers)
        return _tokens(_checked(response))

    async def start_provider_sign_in(
        self, email: str, *, client_address: str | None
    ) -> tuple[str, str]:
        """The organization's identity provider for this email: (authorization URL, state)."""
        headers = {"X-Forwarded-For": client_address} if client_address else None
        body = {"email": email}
        response = await self._http.post(f"{API}/auth/oidc/start", json=body, headers=headers)
        answer = _checked(response)
        return str(answer["authorization_url"]), str(answer["state"])

    async def finish_provider_sign_in(
        self, state: str, code: str, *, client_address: str | None
    ) -> Tokens:
        """The provider's answer; the gateway exchanges the code and checks the ID token."""
        headers = {"X-Forwarded-For": client_address} if client_address else None
        body = {"state": state, "code": code}
        response = await self._http.post(f"{API}/auth/oidc/callback", json=body, headers=headers)
        if response.status_code == UNAUTHORIZED and _problem(response).type == MFA_REQUIRED:
            raise SecondFactorRequired(str(response.json().get("mfa_token", "")))
        return _tokens(_checked(response))

    async def accept_invitation(self, token: str, password: str) -> None:
        """A guest's first password; the invitation's token is the credential."""
        body = {"token": token, "password": password}
        _checked(await self._http.post(f"{API}/guests/accept", json=body))

    async def public_file_request(self, token: str) -> PublicFileRequest:
        """What a file request's public page shows; its token is the only credential."""
        response = await self._http.get(f"/public/v1/file-requests/{token}")
        return PublicFileRequest.model_validate(_checked(response))

    async def public_disclosure(self, token: str) -> Any:
        """What was disclosed to the holder of a receipt's token (a form post: the token
        stays out of the API's URLs and logs)."""
        response = await self._http.post(f"{API}/disclosures/lookup", data={"token": token})
        return _checked(response)

    async def acknowledge_disclosure(self, token: str, name: str) -> Any:
        """The recipient's acknowledgement, once; the token is the credential."""
        form = {"token": token, "name": name}
        return _checked(await self._http.post(f"{API}/disclosures/acknowledge", data=form))

    async def public_share(self, token: str, *, client_address: str | None) -> SharedContent:
        """What a share link opens (the gateway audits the opening with the address)."""
        headers = {"X-Forwarded-For": client_address} if client_address else None
        response = await self._http.get(f"/public/v1/shares/{token}", headers=headers)
        return SharedContent.model_validate(_checked(response))

    async def open_public(self, path: str, headers: dict[str, str]) -> httpx.Response:
        """A streamed GET of a token-credentialed /public/v1 path (a shared item's bytes),
        once it is a success; the caller closes it."""
        request = self._http.build_request("GET", path, headers=headers, timeout=STREAM_TIMEOUT)
        response = await self._http.send(request, stream=True)
        if not response.is_success:
            await response.aread()
            await response.aclose()
            raise ApiProblem(_problem(response))
        return response

    async def refresh(self, refresh_token: str) -> Tokens:
        body = {"refresh_token": refresh_token}
        return _tokens(_checked(await self._http.post(f"{API}/auth/refresh", json=body)))

    async def sign_out(self, access_token: str) -> str | None:
        """Ends the gateway session; the identity provider's end-session URL when the session
        was opened through one that has it (decision 0047)."""
        ended = _checked(await self._http.post(f"{API}/auth/logout", headers=_bearer(access_token)))
        return ended.get("end_session_url") if isinstance(ended, dict) else None

    async def me(self, access_token: str) -> User:
        return await self._get(User, "/users/me", access_token)

    # The generic calls every page uses: `path` is under /api/v1; params with None are left
    # out, so a page can pass its filters as they are.

    async def get(self, model: type[Model], path: str, token: str, **params: Any) -> Model:
        return model.model_validate(await self.get_json(path, token, **params))

    async def get_json(self, path: str, token: str, **params: Any) -> Any:
        kept = {name: value for name, value in params.items() if value not in (None, "", [])}
        response = await self._http.get(f"{API}{path}", headers=_bearer(token), params=kept)
        return _checked(response)

    async def get_bytes(self, path: str, token: str, **params: Any) -> httpx.Response:
        """The answer as it came (CSV exports, thumbnails), once it is a success."""
        kept = {name: value for name, value in params.items() if value not in (None, "", [])}
        response = await self._http.get(f"{API}{path}", headers=_bearer(token), params=kept)
        if not response.is_success:
            raise ApiProblem(_problem(response))
        return response

    async def send(
        self,
        method: str,
        path: str,
        token: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> Any:
        """POST, PUT, PATCH or DELETE with a JSON body; the answer's JSON, or None."""
        response = await self._http.request(
            method,
            f"{API}{path}",
            headers=_bearer(token) | (headers or {}),
            json=json,
            params=params or None,
        )
        return _checked(response)

    async def send_file(
        self, method: str, path: str, token: str, *, file: FilePart, **params: Any
    ) -> Any:
        """A multipart upload as the form field `file` (camera imports, thumbnails)."""
        response = await self._http.request(
            method, f"{API}{path}", headers=_bearer(token), files={"file": file}, params=params
        )
        return _checked(response)

    @asynccontextmanager
    async def stream_lines(self, path: str, token: str) -> AsyncIterator[AsyncIterator[str]]:
        """The lines of a streamed answer (Server-Sent Events) as they come, once it is a
        success; the stream is closed when the block ends."""
        request = self._http.build_request(
            "GET", f"{API}{path}", headers=_bearer(token), timeout=STREAM_TIMEOUT
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as failed:
            raise ApiProblem(Problem(status=502, title="Bad Gateway")) from failed
        try:
            if not response.is_success:
                await response.aread()
                raise ApiProblem(_problem(response))
            yield response.aiter_lines()
        except httpx.HTTPError as failed:  # cut off, or silent for too long
            raise ApiProblem(Problem(status=502, title="Bad Gateway")) from failed
        finally:
            await response.aclose()

    @asynccontextmanager
    async def stream_bytes(
        self, path: str, token: str, headers: dict[str, str]
    ) -> AsyncIterator[httpx.Response]:
        """A byte stream (a video for a <video> element), asked with the browser's Range
        header; the answer's status and headers as they came, its body not yet read."""
        request = self._http.build_request(
            "GET", f"{API}{path}", headers=_bearer(token) | headers, timeout=STREAM_TIMEOUT
        )
        response = await self._http.send(request, stream=True)
        try:
            if not response.is_success:
                await response.aread()
                raise ApiProblem(_problem(response))
            yield response
        finally:
            await response.aclose()

    async def _get(self, model: type[Model], path: str, token: str, **params: Any) -> Model:
        return await self.get(model, path, token, **params)


def _checked(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json() if response.content else None
    raise ApiProblem(_problem(response))


def _problem(response: httpx.Response) -> Problem:
    try:
        return Problem.model_validate(response.json() | {"status": response.status_code})
    except (ValueError, ValidationError, TypeError):
        return Problem(status=response.status_code, title=response.reason_phrase)


def _tokens(body: Any) -> Tokens:
    expires_at = datetime.now(UTC) + timedelta(seconds=int(body["expires_in"]))
    return Tokens(body["access_token"], body["refresh_token"], expires_at)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _forward_request_id(request: httpx.Request) -> None:
    """The page's request id goes on to the gateway: one id across both services' logs."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id:
        request.headers["X-Request-ID"] = str(request_id)
