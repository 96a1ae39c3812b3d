"""Content-Security-Policy on every response: strict for the API, one per HTML page under which
the admin, Swagger UI and GraphiQL still work."""

import re

import pytest

pytestmark = pytest.mark.django_db

STRICT = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


@pytest.mark.parametrize(
    "path",
    [
        "/musewave/tracks/",
        "/musewave/openapi.json",
        "/musewave/nowhere/",
        "/graphql?query={__typename}",
    ],
)
def test_api_responses_have_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert directives(response) == directives_of(STRICT)


def test_refusals_before_any_view_have_it_too(client, settings):
    settings.MUSEWAVE_MAX_BODY_BYTES = 10
    response = client.post("/musewave/albums", "x" * 100, content_type="application/json")
    assert response.status_code == 413
    assert directives(response) == directives_of(STRICT)


def directives_of(header: str) -> dict[str, set[str]]:
    return {name: set(values) for name, *values in (part.split() for part in header.split(";"))}


def test_graphiql_runs_its_inline_script_by_nonce(client):
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "graphiql" in html.lower()
    policy = directives(response)
    nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert policy["script-src"] == {f"'nonce-{nonce}'", "https://unpkg.com"}
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["connect-src"] == {"'self'"}
    assert policy["default-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    # Every script of the page, inline or from the CDN, carries the nonce, and every external
    # script and style comes from a host the policy names.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert url.startswith("https://unpkg.com/"), url
    # A new nonce each time.
    again = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert nonce not in again["Content-Security-Policy"]


def test_swagger_ui_loads_only_from_this_server(client):
    response = client.get("/musewave/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = directives(response)
    assert policy["script-src"] == {"'self'"}
    assert policy["connect-src"] == {"'self'"}
    assert policy["default-src"] == {"'none'"}
    # No inline script (the policy would refuse it): the start-up script is its own file.
    assert not re.search(r"<script>", html)
    srcs = re.findall(r'<script src="([^"]+)"', html)
    assert len(srcs) == 3 and all(src.startswith("/") for src in srcs), srcs
    init = client.get(srcs[-1].replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/musewave/openapi.json" in init.content.decode()


def test_admin_pages_have_their_own_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == {"'self'"}
    assert policy["form-action"] == {"'self'"}
    assert "'unsafe-inline'" not in policy.get("script-src", set())


def test_a_report_uri_can_be_set(client, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "report-uri": ["https://reports.example.com/csp"],
        }
    }
    assert directives(client.get("/musewave/tracks/"))["report-uri"] == {
        "https://reports.example.com/csp"
    }
    assert directives(client.get("/musewave/docs/"))["report-uri"] == {
        "https://reports.example.com/csp"
    }
