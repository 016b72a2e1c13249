"""The GitHub-Pages-like server that the sub-path browser test and the bench share."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from tests.pages_server import PagesServer


@pytest.fixture
def server(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "guide" / "index.html").write_text("<p>guide</p>")
    (tmp_path / "404.html").write_text("<p>not here</p>")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG not really")
    with PagesServer(tmp_path, "/repo/") as running:
        yield running


def get(server, path, gzip_ok=True):
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_text_is_gzipped_for_a_browser_that_accepts_it(server):
    response, body = get(server, "/repo/")
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"<p>home</p>"
    response, body = get(server, "/repo/", gzip_ok=False)
    assert response.headers["Content-Encoding"] is None and body == b"<p>home</p>"


def test_images_other_than_svg_are_sent_as_they_are(server):
    response, body = get(server, "/repo/logo.png")
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Encoding"] is None and body.startswith(b"\x89PNG")


@pytest.mark.parametrize("path", ["/repo/guide", "/repo"])
def test_a_folder_without_its_slash_is_redirected(server, path):
    response, _ = get(server, path)
    assert (response.status, response.headers["Location"]) == (301, path + "/")


@pytest.mark.parametrize("path", ["/repo/a/b/missing/", "/", "/guide/", "/repo/../index.html"])
def test_a_missing_path_or_one_outside_the_sub_path_is_the_site_s_404(server, path):
    response, body = get(server, path, gzip_ok=False)
    assert response.status == 404 and body == b"<p>not here</p>"
