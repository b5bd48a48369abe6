"""The cluster's bucket on moto's S3 server, which keeps objects in memory only.

    python s3_store.py restore DIR   make the private bucket, then upload what DIR holds (a clean stop saved it)
    python s3_store.py save DIR      copy every object of the bucket into DIR (before the server stops)

So a `make cluster-stop` / `make cluster` keeps the files (seed_demo's photos, uploads); a killed server loses what
came after the last save. Settings come from the environment the cluster writes (.cluster/env: S3_*).
"""

import os
import shutil
import sys
from pathlib import Path

import boto3


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ["S3_REGION"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    )


def restore(s3, bucket: str, folder: Path) -> int:
    if bucket not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
        s3.create_bucket(Bucket=bucket)  # private: no bucket policy, no public ACL
    count = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        s3.upload_file(str(path), bucket, path.relative_to(folder).as_posix())
        count += 1
    return count


def save(s3, bucket: str, folder: Path) -> int:
    """Replace DIR with the bucket's objects (an object deleted since the last save must not come back)."""
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    count = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            target = fresh / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, item["Key"], str(target))
            count += 1
    fresh.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    fresh.rename(folder)
    return count


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "restore":
        folder.mkdir(parents=True, exist_ok=True)
    count = {"restore": restore, "save": save}[command](client(), os.environ["S3_BUCKET"], folder)
    print(f"cluster: s3 {command}: {count} objects")


if __name__ == "__main__":
    main()
