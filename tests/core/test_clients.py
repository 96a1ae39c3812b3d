import pytest

from musewave.clients import client_address, client_details


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
        # A client may send its own X-Forwarded-For; only the proxies' entries count.
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1"},
         "198.51.100.1"),
        (2, {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1, 10.0.0.2"},
         "198.51.100.1"),
        (2, {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "10.0.0.3"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "garbage"}, "10.0.0.2"),
        (0, {"REMOTE_ADDR": ""}, None),
        (0, {"REMOTE_ADDR": "2001:DB8::1"}, "2001:db8::1"),
    ],
)  # fmt: skip
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, meta, expected):
    settings.MUSEWAVE_TRUSTED_PROXIES = proxies
    assert client_address(meta) == expected


def test_client_details(settings):
    settings.MUSEWAVE_TRUSTED_PROXIES = 0
    meta = {"REMOTE_ADDR": "203.0.113.5", "HTTP_USER_AGENT": "MuseWave/3.2"}
    assert client_details(meta) == {"ip_address": "203.0.113.5", "user_agent": "MuseWave/3.2"}
    assert client_details({}) == {"ip_address": None, "user_agent": None}
