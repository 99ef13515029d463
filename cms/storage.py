"""Media in an S3-compatible bucket: images readable by anyone, every other file private."""

from botocore.config import Config
from storages.backends.s3 import S3Storage

# Wagtail's folders for image originals and renditions. Images carry no view restrictions, and
# pages (cached for minutes, by a CDN too) link them straight at the bucket: an unsigned URL
# that never expires. Everything else, documents above all, stays private and reaches readers
# only through Wagtail's serve view, which checks the collection's view restrictions.
PUBLIC_FOLDERS = ("original_images/", "images/")


class MediaStorage(S3Storage):
    """S3Storage that makes image files public, leaves every other file private, and gives up fast.

    Every option is a plain value, never a botocore Config: Wagtail deletes files in a background
    task whose arguments (the storage's deconstructed options) must be JSON.
    """

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "public_acl": "public-read",
            "image_cache_seconds": 86400,
            # A storage outage must answer within seconds (/readyz, page requests, uploads),
            # not after botocore's default 60 s timeouts and retries.
            "connect_timeout": 2,
            "read_timeout": 5,
            "max_attempts": 2,
        }

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                retries={"mode": "standard", "total_max_attempts": self.max_attempts},
            )
        )

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        # With an AWS_LOCATION prefix nothing matches, which fails safe: images turn private.
        if name.startswith(PUBLIC_FOLDERS):
            if self.public_acl:
                params["ACL"] = self.public_acl
            # A replaced image gets new file names, so a day in browsers and CDNs is safe.
            params.setdefault("CacheControl", f"public, max-age={self.image_cache_seconds}")
        return params


def media_storage(environ):
    """The STORAGES entry for media in the bucket named by AWS_STORAGE_BUCKET_NAME.

    Credentials are not read here: boto3 finds AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the
    environment, or the instance's role.
    """
    return {
        "BACKEND": "cms.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            # "path" for servers without virtual-host buckets (MinIO and the like).
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # A CDN (or the bucket's public host) in front of the public images.
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Unsigned URLs: signed ones would expire inside cached pages, and private files
            # are never linked at the bucket at all (WAGTAILDOCS_SERVE_METHOD = "serve_view").
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            # Empty when the bucket refuses ACLs (AWS's default "bucket owner enforced", MinIO):
            # a bucket policy must then allow anonymous GetObject on original_images/* and images/*.
            "public_acl": environ.get("AWS_S3_PUBLIC_ACL", "public-read") or None,
            "image_cache_seconds": int(environ.get("AWS_S3_IMAGE_CACHE_SECONDS", "86400")),
            "connect_timeout": float(environ.get("AWS_S3_CONNECT_TIMEOUT", "2")),
            "read_timeout": float(environ.get("AWS_S3_READ_TIMEOUT", "5")),
            "max_attempts": int(environ.get("AWS_S3_MAX_ATTEMPTS", "2")),
        },
    }
