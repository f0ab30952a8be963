"""A local S3-compatible server (moto in server mode, on 127.0.0.1) and buckets on it.

The storage code under test is the production one: django-storages' S3 backend configured by
``config.settings.s3_storage_options`` from the same environment variables a deployment sets,
speaking HTTP to the server like it would to MinIO or Amazon S3.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import boto3

import config.settings as configured

ACCESS_KEY = "dti-test-access-key"
SECRET_KEY = "dti-test-secret-key"
REGION = "us-east-1"


@dataclass
class Bucket:
    name: str
    endpoint: str

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def object_keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def empty(self) -> None:
        for key in self.object_keys():
            self.client.delete_object(Bucket=self.name, Key=key)

    def environment(self) -> dict[str, str]:
        """The variables a deployment sets to put its files in this bucket."""
        return {
            "STORAGE": "s3",
            "S3_BUCKET": self.name,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": REGION,
        }


def new_bucket(endpoint: str) -> Bucket:
    bucket = Bucket(f"dti-test-{uuid.uuid4().hex[:16]}", endpoint)
    bucket.client.create_bucket(Bucket=bucket.name)
    return bucket


def storage_settings(bucket: Bucket, monkeypatch) -> dict:
    """STORAGES["default"] as config/settings.py builds it for STORAGE=s3 and ``bucket``."""
    for name, value in bucket.environment().items():
        monkeypatch.setenv(name, value)
    return configured.default_storage("s3")
