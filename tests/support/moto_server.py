#!/usr/bin/env python3
"""A signature-verifying S3 (and IAM/STS) server on loopback, for tests.

Starts moto's server on 127.0.0.1 (a free port), creates an IAM user with an
access key and an allow-all policy during the first unauthenticated requests
(INITIAL_NO_AUTH_ACTION_COUNT), after which every request must carry a valid
SigV4 signature. Optionally creates buckets and uploads folder trees into them
with boto3, signed with the created key, the way a user would populate them.

When ready it prints exactly one JSON line on stdout:
  {"endpoint": "http://127.0.0.1:PORT", "access_key_id": "...",
   "secret_access_key": "...", "region": "...", "buckets": [...]}
and serves until stdin reaches end-of-file or it receives SIGTERM/SIGINT.
Diagnostics go to stderr. Exit code 77 when moto is not installed (the C++
helper turns that into a test failure that says how to install it).

Workaround for moto 5.2.1 (see shared/reference/test-infra.md): moto
re-computes SigV4 from a URL that the web layer has already percent-decoded,
so a correctly signed request whose path or query holds %2F, %2B, %3D, %3A or
non-ASCII fails. Our WSGI wrapper keeps the raw request target (RAW_URI),
re-canonicalised as S3 does (unquote, then quote each path segment and each
query name and value with only unreserved characters kept), and moto's
authenticator is given that URL instead while it checks the signature. The
parsed path and query moto routes with are left alone. Unsorted or unencoded
queries are still rejected: the canonical form re-encodes what the client
left unencoded, and the verifier sorts the parameters itself.
"""

import argparse
import json
import logging
import os
import signal
import sys
import threading
import urllib.parse
from pathlib import Path

EXIT_MOTO_MISSING = 77
NO_AUTH_REQUESTS = 3  # CreateUser, CreateAccessKey, PutUserPolicy

# The canonical raw target ("/path?query") of the request this thread serves.
_current = threading.local()


def canonical_target(raw_uri):
    """RAW_URI re-canonicalised as S3 does for SigV4."""
    path, _, query = raw_uri.partition("?")
    if "://" in path:  # absolute-form request target
        path = urllib.parse.urlsplit(path).path
    segments = [
        urllib.parse.quote(urllib.parse.unquote_to_bytes(s), safe="-_.~")
        for s in path.split("/")
    ]
    canonical = "/".join(segments) or "/"
    if query:
        params = []
        for pair in query.split("&"):
            name, sep, value = pair.partition("=")
            name = urllib.parse.quote(urllib.parse.unquote_to_bytes(name), safe="-_.~")
            value = urllib.parse.quote(urllib.parse.unquote_to_bytes(value), safe="-_.~")
            params.append(name + sep + value)
        canonical += "?" + "&".join(params)
    return canonical


class RawUriSignatureFix:
    """WSGI middleware: remembers the canonical raw target for the authenticator."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        _current.target = canonical_target(raw) if raw else None
        try:
            return self.app(environ, start_response)
        finally:
            _current.target = None


def patch_authenticator():
    from moto.core.authorization import ActionAuthenticatorMixin

    original = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def authenticate(self, iam_request_cls, resource="*"):
        target = getattr(_current, "target", None)
        if not target:
            return original(self, iam_request_cls, resource)
        parsed = urllib.parse.urlsplit(self.uri)
        saved = self.uri
        self.uri = f"{parsed.scheme}://{parsed.netloc}{target}"
        try:
            return original(self, iam_request_cls, resource)
        finally:
            self.uri = saved

    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate


def client(service, endpoint, region, key_id, secret):
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def create_user(iam, name, effect, action):
    """An IAM user with an access key and one inline policy: `effect` on `action`."""
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.put_user_policy(
        UserName=name,
        PolicyName=f"{effect.lower()}-{action.replace('*', 'all').replace(':', '-')}",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": effect, "Action": action, "Resource": "*"}],
            }
        ),
    )
    return key["AccessKeyId"], key["SecretAccessKey"]


def create_users(endpoint, region):
    """The first NO_AUTH_REQUESTS requests create the test user (allow-all); it then
    creates, signed, a second user whose policy denies every S3 action: its requests
    are signed correctly and refused (AccessDenied)."""
    bootstrap = client("iam", endpoint, region, "bootstrap", "bootstrap")
    key_id, secret = create_user(bootstrap, "boostburn-test", "Allow", "*")
    admin = client("iam", endpoint, region, key_id, secret)
    denied = create_user(admin, "boostburn-denied", "Deny", "s3:*")
    return (key_id, secret), denied


def populate(s3, region, bucket, folder):
    config = {}
    if region != "us-east-1":
        config["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(Bucket=bucket, **config)
    if folder is None:
        return 0
    root = Path(folder)
    if not root.is_dir():
        raise SystemExit(f"moto_server.py: --bucket {bucket}={folder}: not a folder")
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            s3.put_object(Bucket=bucket, Key=path.relative_to(root).as_posix(), Body=path.read_bytes())
            count += 1
    return count


def parse_bucket(spec):
    name, sep, folder = spec.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"--bucket {spec!r}: expected NAME or NAME=DIR")
    return name, (folder if sep else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument(
        "--bucket",
        action="append",
        type=parse_bucket,
        default=[],
        metavar="NAME[=DIR]",
        help="create bucket NAME, uploading the files under DIR as objects (repeatable)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.ERROR)

    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(NO_AUTH_REQUESTS)
    os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "true")
    try:
        import boto3  # noqa: F401
        from moto import settings
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as error:
        print(
            f"moto_server.py: {error}. The S3 tests need moto's server and boto3 in the python3 on "
            'PATH: python3 -m pip install --user "moto[server]" boto3',
            file=sys.stderr,
        )
        return EXIT_MOTO_MISSING
    settings.INITIAL_NO_AUTH_ACTION_COUNT = NO_AUTH_REQUESTS

    patch_authenticator()
    app = RawUriSignatureFix(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True)  # 0: the kernel picks a free port
    port = server.server_address[1]
    endpoint = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    (key_id, secret), (denied_key_id, denied_secret) = create_users(endpoint, args.region)
    s3 = client("s3", endpoint, args.region, key_id, secret)
    buckets = []
    for name, folder in args.bucket:
        uploaded = populate(s3, args.region, name, folder)
        buckets.append({"name": name, "objects": uploaded})

    print(
        json.dumps(
            {
                "endpoint": endpoint,
                "access_key_id": key_id,
                "secret_access_key": secret,
                "denied_access_key_id": denied_key_id,
                "denied_secret_access_key": denied_secret,
                "region": args.region,
                "buckets": buckets,
            }
        ),
        flush=True,
    )

    def wait_for_stdin_eof():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    threading.Thread(target=wait_for_stdin_eof, daemon=True).start()
    while not stop.wait(0.5):
        pass
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
