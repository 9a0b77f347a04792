"""WeChat's message encryption for safe mode (安全模式) and compatibility mode (兼容模式).

The scheme of Tencent's WXBizMsgCrypt sample: AES-256-CBC with key = base64(EncodingAESKey + "=")
and IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks; the plaintext is 16 random
bytes, the XML's length (4 bytes, big-endian), the XML and the AppID. `msg_signature` is SHA1 of
the sorted token, timestamp, nonce and ciphertext. The cipher and the padding are the
`cryptography` package's; nothing here implements either.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from collections.abc import Mapping

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from rasa.shared.exceptions import RasaException

BLOCK_BITS = 32 * 8  # WeChat pads to 32 bytes, not AES's 16
KEY_CHARS = 43


class CryptoError(ValueError):
    """An encrypted message that is not signed with our token or not for our AppID."""


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key of a 43-character EncodingAESKey; ValueError when it is not one."""
    if len(encoding_aes_key) != KEY_CHARS:
        raise ValueError(f"an EncodingAESKey has {KEY_CHARS} characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error as error:
        raise ValueError("an EncodingAESKey is base64 (letters and digits)") from error
    return key


def msg_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


class WeChatCrypto:
    """Decrypts WeChat's messages and encrypts replies for one Official Account."""

    def __init__(self, token: str, encoding_aes_key: str, app_id: str) -> None:
        self.token = token
        self.key = aes_key(encoding_aes_key)
        self.app_id = app_id.encode()

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def decrypt(self, encrypt: str, params: Mapping[str, str | None]) -> bytes:
        """The XML inside `encrypt`, after checking `msg_signature` and the AppID."""
        timestamp, nonce = params.get("timestamp") or "", params.get("nonce") or ""
        expected = msg_signature(self.token, timestamp, nonce, encrypt).encode()
        given = (params.get("msg_signature") or "").lower().encode("utf-8", "replace")
        if not hmac.compare_digest(expected, given):
            raise CryptoError("wrong or missing msg_signature")
        try:
            decryptor = self._cipher().decryptor()
            padded = decryptor.update(base64.b64decode(encrypt)) + decryptor.finalize()
            unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
            plain = unpadder.update(padded) + unpadder.finalize()
        except (ValueError, binascii.Error) as error:
            raise CryptoError(f"not a ciphertext of this EncodingAESKey: {error}") from error
        if len(plain) < 20:
            raise CryptoError("ciphertext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        xml, app_id = plain[20:20 + length], plain[20 + length:]
        if len(xml) != length or not hmac.compare_digest(app_id, self.app_id):
            raise CryptoError("the message is not for this AppID")
        return xml

    def encrypt(self, xml: str, random16: bytes | None = None) -> str:
        data = xml.encode()
        plain = (random16 or os.urandom(16)) + struct.pack(">I", len(data)) + data + self.app_id
        padder = padding.PKCS7(BLOCK_BITS).padder()
        encryptor = self._cipher().encryptor()
        padded = padder.update(plain) + padder.finalize()
        return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()

    def encrypted_reply(self, xml: str, timestamp: str, nonce: str) -> str:
        """The passive reply `xml` as WeChat expects it in safe and compatibility mode."""
        encrypt = self.encrypt(xml)
        signature = msg_signature(self.token, timestamp, nonce, encrypt)
        return ("<xml>"
                f"<Encrypt><![CDATA[{encrypt}]]></Encrypt>"
                f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
                f"<TimeStamp>{timestamp}</TimeStamp>"
                f"<Nonce><![CDATA[{nonce}]]></Nonce>"
                "</xml>")


def safe_mode_crypto(token: str, app_id: str, encoding_aes_key: str) -> WeChatCrypto | None:
    """The safe-mode cipher when the EncodingAESKey is given (with the AppID it needs); None
    (plain-text mode) without it. The AppID alone serves the customer-service API."""
    if not encoding_aes_key:
        return None
    if not app_id:
        raise RasaException("Safe mode needs both WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY; "
                            "WECHAT_APP_ID is not set. Not starting.")
    try:
        return WeChatCrypto(token, encoding_aes_key, app_id)
    except ValueError as error:
        raise RasaException(f"WECHAT_ENCODING_AES_KEY is not an EncodingAESKey: {error}. "
                            "Copy it from the admin console. Not starting.") from error
