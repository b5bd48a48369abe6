"""Static files, media and object storage; the sizes of what may be uploaded and how long hand-over files live."""

from pathlib import Path

from .environment import BASE_DIR, env

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Object storage (django-storages): with S3_BUCKET set, every stored file — résumés, card photos, proofs, import and
# export files — goes to an S3-compatible bucket (AWS, Aliyun OSS, Tencent COS, MinIO, Ceph …), so any web node or
# worker reads what another wrote. Objects are private; the permission-checked views stream them to whoever may see
# them (portal.uploads.private_file_response), and a URL the storage signs expires after S3_URL_SECONDS.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "access_key": env("S3_ACCESS_KEY_ID", default="") or env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_SECONDS", default=300),
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
            "location": env("S3_PREFIX", default=""),
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=5 * 1024 * 1024)
LICENCE_MAX_BYTES = env.int("LICENCE_MAX_BYTES", default=5 * 1024 * 1024)  # an organization's business licence
# Uploaded images (card photos, résumé scans) are re-encoded without metadata; larger ones are refused.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=3 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# A staff import's (encrypted) hand-over file is deleted when the import ends, or this many hours after an
# unconfirmed preview was made (at most 24).
IMPORT_FILE_MAX_AGE_HOURS = env.int("IMPORT_FILE_MAX_AGE_HOURS", default=24)
