"""The API docs page, served from the vendored Swagger UI (scripts/vendor_web.py) so it works
with no internet access: FastAPI's default page loads Swagger UI from a CDN."""

from __future__ import annotations

from pathlib import Path

from custody_platform.errors import NotFound
from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

SWAGGER_UI = Path(__file__).resolve().parents[1] / "public" / "static" / "vendor" / "swagger-ui"
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


def docs_router(api_prefix: str, openapi_url: str, title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    assets_url = f"{api_prefix}/docs/assets"

    @router.get(f"{api_prefix}/docs", response_class=HTMLResponse)
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - docs",
            swagger_js_url=f"{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets_url}/swagger-ui.css",
            swagger_favicon_url="data:,",  # no icon rather than one fetched from elsewhere
            # The validator badge would send the document to validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @router.get(assets_url + "/{name}", response_class=Response)
    async def api_docs_asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        if media_type is None:
            raise NotFound(f"no docs asset {name!r}")
        headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
        return Response((SWAGGER_UI / name).read_bytes(), media_type=media_type, headers=headers)

    return router
