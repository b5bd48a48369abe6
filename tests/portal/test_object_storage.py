"""Object storage: with S3_BUCKET set, stored files live in an S3-compatible bucket that every node shares.

The bucket is served by moto's S3 server on a loopback port (it speaks the S3 REST protocol and enforces object
ACLs for unsigned requests). One file goes up from this process, is read and deleted by a second process (another
web node or a worker), and is served through the permission-checked view; the bucket never serves it to a stranger.
"""

import hashlib
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from portal.models import VeteranProfile
from tests.factories import VeteranFactory

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "portal-media"
KEYS = {"S3_ACCESS_KEY_ID": "portal-test", "S3_SECRET_ACCESS_KEY": "portal-test-secret"}
PDF = b"%PDF-1.4\n% a resume\n" + os.urandom(2048)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    endpoint, client = s3_server
    env = {**KEYS, "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": endpoint, "S3_REGION": "us-east-1"}
    # The same STORAGES the settings build from these variables (portal/settings/storage.py), in this process.
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": KEYS["S3_ACCESS_KEY_ID"],
        "secret_key": KEYS["S3_SECRET_ACCESS_KEY"],
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "addressing_style": "path",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return endpoint, client, env


def _other_node(env: dict, code: str) -> str:
    """Run `code` in a second process with the test settings, the test database and the bucket from `env`."""
    database = connection.settings_dict
    full_env = {
        **os.environ,
        **env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_settings_build_a_private_s3_storage_from_the_environment(s3_storage):
    _endpoint, _client, env = s3_storage
    printed = _other_node(
        env,
        'from django.core.files.storage import storages; s = storages["default"]; '
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth)",
    )
    assert printed == f"S3Storage {BUCKET} private True"


def test_upload_serve_and_delete_across_two_processes(s3_storage, client):
    endpoint, s3, env = s3_storage
    user = VeteranFactory()
    profile = VeteranProfile.objects.get(user=user)
    profile.resume.save("cv.pdf", ContentFile(PDF), save=True)
    key = profile.resume.name
    assert s3.head_object(Bucket=BUCKET, Key=key)["ContentLength"] == len(PDF)
    assert not any(Path(os.environ.get("MEDIA_ROOT", ROOT / ".test-media")).rglob(Path(key).name))

    # Another node reads what this one wrote …
    digest = _other_node(
        env,
        f"import hashlib; from portal.models import VeteranProfile; p = VeteranProfile.objects.get(pk={profile.pk}); "
        "print(hashlib.sha256(p.resume.read()).hexdigest())",
    )
    assert digest == hashlib.sha256(PDF).hexdigest()

    # … the owner downloads it through the permission-checked view …
    client.force_login(user)
    response = client.get(reverse("portal:resume_download"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"

    # … and the bucket itself never hands it to a stranger.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{BUCKET}/{key}")
    assert refused.value.code == 403
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers"))]
    signed = profile.resume.url  # a URL the storage signs is short-lived
    assert "X-Amz-Expires=300" in signed and "X-Amz-Signature=" in signed

    # The other node deletes it: gone from the bucket, and the view answers 404, not 500.
    _other_node(
        env, f"from portal.models import VeteranProfile; VeteranProfile.objects.get(pk={profile.pk}).resume.delete()"
    )
    with pytest.raises(ClientError):
        s3.head_object(Bucket=BUCKET, Key=key)
    assert client.get(reverse("portal:resume_download")).status_code == 404


def test_a_missing_object_is_a_404_not_a_500(s3_storage, client):
    _endpoint, s3, _env = s3_storage
    user = VeteranFactory()
    profile = VeteranProfile.objects.get(user=user)
    profile.resume.save("cv.pdf", ContentFile(PDF), save=True)
    s3.delete_object(Bucket=BUCKET, Key=profile.resume.name)  # removed behind the portal's back
    client.force_login(user)
    assert client.get(reverse("portal:resume_download")).status_code == 404
