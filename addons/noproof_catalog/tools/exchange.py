"""The wire format of the exchange between noproof instances.

An envelope is a JSON object; its signature is an Ed25519 signature over the
canonical encoding of the envelope without its ``signature`` member: keys
sorted, no whitespace, UTF-8, no ASCII escaping. Keys travel as the 32 raw
bytes of the Ed25519 public key in base64.
"""

import base64
import binascii
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PROTOCOL = "noproof-exchange/1"
INBOX_PATH = "/noproof/exchange/inbox"
# Several envelopes in one POST: {"protocol", "messages": [envelope, ...]}, answered with
# {"protocol", "answers": [{"status", "answer"}, ...]}, one signed receipt or refusal per message,
# in the order of the messages. A peer without it answers 404 (or 405): the sender falls back to INBOX_PATH.
BATCH_INBOX_PATH = "/noproof/exchange/inbox/batch"
BATCH_KEYS = frozenset({"protocol", "messages"})
IDENTITY_PATH = "/.well-known/noproof-identity"
# Members of every envelope; "signature" is what signs the others.
ENVELOPE_KEYS = frozenset(
    {"protocol", "id", "type", "sender", "recipient", "created_at", "sent_at", "payload", "key", "signature"}
)
# The members that make up the message itself: the same on every delivery attempt.
CONTENT_KEYS = ("id", "type", "sender", "recipient", "created_at", "payload")
RECEIPT_KEYS = frozenset({"protocol", "message_id", "receiver", "received_at", "content_hash", "result", "key"})
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def canonical(data):
    """The canonical encoding that signatures and hashes cover."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def content_hash(envelope):
    """SHA-256 of the message's content (what stays the same when it is delivered again)."""
    return hashlib.sha256(canonical({key: envelope.get(key) for key in CONTENT_KEYS})).hexdigest()


def generate_key():
    """A new key pair as (private, public), each base64 of 32 raw bytes."""
    private = Ed25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public_raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(private_raw).decode(), base64.b64encode(public_raw).decode()


def public_key_bytes(public_key):
    """The 32 raw bytes of a base64 public key, or ValueError."""
    try:
        raw = base64.b64decode((public_key or "").strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64") from error
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return raw


def fingerprint(public_key):
    """What two administrators read to each other: SHA-256 of the raw key, 40 hex digits in groups of 4."""
    digest = hashlib.sha256(public_key_bytes(public_key)).hexdigest()[:40].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def sign(private_key, data):
    """Base64 signature of the canonical encoding of ``data`` (a dict without "signature")."""
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key))
    return base64.b64encode(private.sign(canonical(data))).decode()


def verify(public_key, data, signature):
    """True when ``signature`` signs the canonical encoding of ``data`` with ``public_key``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(public_key_bytes(public_key))
        public.verify(base64.b64decode(signature or "", validate=True), canonical(data))
    except (InvalidSignature, ValueError, binascii.Error, TypeError):
        return False
    return True


def unsigned(data):
    return {key: value for key, value in data.items() if key != "signature"}
