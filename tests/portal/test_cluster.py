"""`make cluster` (portal/deploy/cluster/) as files, and the parts of bench/fairday.py that judge a run.

Starting the whole cluster takes minutes and root (pg_createcluster), so the suite checks what the scripts write:
the proxy, pool and app settings they generate (with the functions cluster.sh uses, into a temporary run folder),
the bucket's save and restore across a restart (against moto in-process), and the fair day's count of e-mails
delivered twice.
"""

import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.filebased import EmailBackend
from moto import mock_aws

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "portal" / "deploy" / "cluster"


def _lib(tmp_path: Path, script: str) -> str:
    """Run bash with lib.sh sourced (its run folder in tmp_path); returns stdout."""
    command = f'ROOT={ROOT} CLUSTER_DIR={tmp_path} ; . {CLUSTER / "lib.sh"} ; mkdir -p "$RUN" "$LOGS" ; {script}'
    return subprocess.run(["bash", "-c", command], check=True, capture_output=True, text=True).stdout


def test_the_scripts_parse():
    for name in ("cluster.sh", "lib.sh"):
        subprocess.run(["bash", "-n", str(CLUSTER / name)], check=True)


def test_nginx_balances_both_nodes_on_loopback_and_never_repeats_a_post(tmp_path):
    _lib(tmp_path, "write_nginx_conf")
    conf = (tmp_path / "nginx" / "nginx.conf").read_text()
    assert "server 127.0.0.1:8441 max_fails=1" in conf and "server 127.0.0.1:8442 max_fails=1" in conf
    assert "listen 127.0.0.1:8440;" in conf
    assert "proxy_next_upstream error timeout http_502 http_503;" in conf
    assert "non_idempotent" not in conf  # a POST in flight on a dying node is not sent to the other one
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf


def test_the_app_environment_is_production_through_pgbouncer_with_the_replica(tmp_path):
    _lib(tmp_path, "write_secrets && write_env")
    env = dict(line.split("=", 1) for line in (tmp_path / "env").read_text().splitlines() if line and line[0] != "#")
    assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert env["DATABASE_URL"].split("@")[1] == "127.0.0.1:6440/portal"
    assert env["DATABASE_REPLICA_URL"].split("@")[1] == "127.0.0.1:6440/portal_replica"
    assert env["DATABASE_POOLER"] == "transaction"  # portal/settings/database.py keeps no session state then
    assert env["DATABASE_POOLER_PREPARED_STATEMENTS"] in ("True", "False")
    assert env["DATABASE_DIRECT_URL"].split("@")[1] == "127.0.0.1:5440/portal"  # migrations skip the pool
    assert env["REDIS_URL"] == "redis://127.0.0.1:6390/0"
    assert env["S3_ENDPOINT_URL"] == "http://127.0.0.1:9440" and env["S3_BUCKET"]
    assert len(env["DJANGO_SECRET_KEY"]) >= 50 and len(env["PII_ENCRYPTION_KEY"]) >= 32
    assert oct((tmp_path / "env").stat().st_mode)[-3:] == "600"
    # The keys are made once: a second start keeps them (the PII key must stay with the data it encrypted).
    first = (tmp_path / "secrets.env").read_text()
    _lib(tmp_path, "write_secrets && write_env")
    assert (tmp_path / "secrets.env").read_text() == first


def test_pgbouncer_pools_both_databases_and_names_the_pool_mode(tmp_path):
    script = "write_secrets && chown() { :; } && write_pgbouncer_conf"  # no postgres user needed for the check
    _lib(tmp_path, script)
    ini = (tmp_path / "pgbouncer" / "pgbouncer.ini").read_text()
    assert "portal = host=127.0.0.1 port=5440 dbname=portal" in ini
    assert "portal_replica = host=127.0.0.1 port=5441 dbname=portal" in ini
    assert "pool_mode = transaction" in ini and "TODO" not in ini
    _lib(tmp_path, f"POOL_MODE=session; {script}")  # what CLUSTER_POOL_MODE=session gives
    assert "pool_mode = session" in (tmp_path / "pgbouncer" / "pgbouncer.ini").read_text()


@pytest.fixture
def bucket(monkeypatch):
    with mock_aws():
        for key, value in {
            "S3_ENDPOINT_URL": "https://s3.amazonaws.com",
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
        }.items():
            monkeypatch.setenv(key, value)
        yield


def test_a_clean_restart_keeps_the_bucket_and_a_deleted_file_stays_deleted(bucket, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("s3_store", CLUSTER / "s3_store.py")
    store = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(store)
    s3 = store.client()
    store.restore(s3, "portal-media", tmp_path / "s3")  # first start: an empty private bucket
    s3.put_object(Bucket="portal-media", Key="resumes/a.pdf", Body=b"A")
    s3.put_object(Bucket="portal-media", Key="photos/b.jpg", Body=b"B")
    assert store.save(s3, "portal-media", tmp_path / "s3") == 2
    s3.delete_object(Bucket="portal-media", Key="photos/b.jpg")
    assert store.save(s3, "portal-media", tmp_path / "s3") == 1
    for item in s3.list_objects_v2(Bucket="portal-media").get("Contents", []):  # the server restarts empty
        s3.delete_object(Bucket="portal-media", Key=item["Key"])
    assert store.restore(s3, "portal-media", tmp_path / "s3") == 1
    assert s3.get_object(Bucket="portal-media", Key="resumes/a.pdf")["Body"].read() == b"A"
    assert "Contents" not in s3.list_objects_v2(Bucket="portal-media", Prefix="photos/")


def test_the_fair_day_counts_an_email_delivered_twice(tmp_path, settings):
    from bench.fairday_world import _email_duplicates

    settings.EMAIL_FILE_PATH = str(tmp_path)
    messages = [
        mail.EmailMessage("已报名：大集日", "已报名\n请出示二维码\n\n--\n退订：链接1", to=["a@example.cn"]),
        mail.EmailMessage("已报名：大集日", "已报名\n请出示二维码\n\n--\n退订：链接2", to=["a@example.cn"]),
        mail.EmailMessage("已报名：大集日", "已报名\n请出示二维码\n\n--\n退订：链接3", to=["b@example.cn"]),
    ]
    for message in messages:  # one file per message, as the workers' send_mail calls write them
        EmailBackend(file_path=str(tmp_path)).send_messages([message])
    assert _email_duplicates(0) == (3, 1)  # the footer's signed link differs; the notice is the same
