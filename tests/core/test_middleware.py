import json


def test_oversized_bodies_are_refused_before_any_view(client, settings, db):
    settings.MUSEWAVE_MAX_BODY_BYTES = 1000
    body = json.dumps({"bio": "x" * 2000})
    response = client.post("/admin/login/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"message": "Request body too large; the limit is 1000 bytes."}


def test_bodies_within_the_limit_pass(client, settings, db):
    settings.MUSEWAVE_MAX_BODY_BYTES = 1000
    response = client.get("/admin/login/")
    assert response.status_code == 200
