import pytest


@pytest.mark.django_db
def test_visitor_language_switch_renders_pages_in_finnish(client):
    response = client.post("/language/", {"language": "fi", "next": "/communities/"})
    assert response.status_code == 302
    assert response["Location"] == "/communities/"
    page = client.get("/communities/")
    assert '<html lang="fi"' in page.content.decode()
    assert page["Content-Language"] == "fi"


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    client.post("/language/", {"language": "xx"})
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_never_redirects_off_site(client):
    response = client.post("/language/", {"language": "fi", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_visitor_text_size_is_reflected_on_every_page(client):
    client.post("/text-size/", {"text_size": "extra_large"})
    assert 'class="text-extra_large' in client.get("/").content.decode()


@pytest.mark.django_db
def test_text_size_switch_by_get_changes_nothing(client):
    response = client.get("/text-size/", {"text_size": "large"})
    assert response.status_code == 405
    assert 'class="text-normal' in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_with_a_script_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
