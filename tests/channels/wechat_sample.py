"""WeChat's published safe-mode sample (Tencent's WXBizMsgCrypt sample code: token `spamtest`,
EncodingAESKey `abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG`, AppID `wx2c2769f8efd9abc2`), and
the sample's own decryption procedure, written here from its description so that the tests
check the channel's replies against WeChat's algorithm rather than against the channel's code.
"""

from __future__ import annotations

import base64
import hashlib
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN = "spamtest"
ENCODING_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APP_ID = "wx2c2769f8efd9abc2"

# The sample's incoming message (compatibility mode: plain fields and Encrypt) and its query.
TIMESTAMP, NONCE = "1409735669", "1320562132"
MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8"
    "PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jis"
    "a+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6"
    "X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl"
    "9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=")
COMPATIBLE_BODY = (
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
    "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
    "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId>"
    f"<Encrypt><![CDATA[{ENCRYPT}]]></Encrypt></xml>").encode()
SAFE_BODY = ("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
             f"<Encrypt><![CDATA[{ENCRYPT}]]></Encrypt></xml>").encode()
SAMPLE_QUERY = {"timestamp": TIMESTAMP, "nonce": NONCE, "msg_signature": MSG_SIGNATURE,
                "encrypt_type": "aes", "openid": "oyORnuP8q7ou2gfYjqLzSIWZf0rs"}

# The sample's encrypted passive reply (a video message), as its EncryptMsg produced it.
REPLY_TIMESTAMP, REPLY_SIGNATURE = "1415979516", "096d8cda45e4678ca23460f6b8cd281b3faf1fc3"
REPLY_ENCRYPT = (
    "3kKZ++U5ocvIF8dAHPct7xvUqEv6vplhuzA8Vwj7OnVcBu9fdmbbI41zclSfKqP6/bdYAxuE3x8jse43ImHaV07siJ"
    "F473TsXhl8Yt8task0n9KC7BDA73mFTwlhYvuCIFnU6wFlzOkHyM5Bh2qpOHYk5nSMRyUG4BwmXpxq8TvLgJV1jj2D"
    "XdGW4qdknGLfJgDH5sCPJeBzNC8j8KtrJFxmG7qIwKHn3H5sqBf6UqhXFdbLuTWL3jwE7yMLhzOmiHi/MX/ZsVQ7sM"
    "uBiV6bW0wkgielESC3yNUPo4q/RMAFEH0fRLr76BR5Ct0nUbf9PdClc0RdlYcztyOs54X/KLbYRNCQ2kXxmJYL6ekd"
    "Ne70PCAReIEfXEp+pGpry4ss8bD6LKAtNvBJUwHshZe6sbf+fOiDiuKEqp1wdQLmgN+8nX62LklySWr8QrNCpsmKCl"
    "xco0kbVYNX/QVh5yd0UA1sAqIn6baZ9G+Z/OXG+Q4n9lUuzLprLhDBPaCvXm4N14oqXNcw7tqU2xfhYNIDaD72djyI"
    "c/4eyAi2ZsJ+3hb+jgiISR5WVveRWYYqGZGTW3u+27JiXEo0fs3DQDbGVIcYxaMgU/RRIDdXzZSFcf6Z1azjzCDyV9"
    "FFEsicghHn")


def sample_decrypt(token: str, encoding_aes_key: str, app_id: str, encrypt: str,
                   signature: str, timestamp: str, nonce: str) -> str:
    """DecryptMsg of the sample: check the SHA1 signature, AES-CBC decrypt (IV = the key's
    first 16 bytes), drop the padding (its last byte says how much), read the network-order
    length, check the AppID at the end. Raises AssertionError where the sample returns an
    error code."""
    expected = hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode())
    assert expected.hexdigest() == signature, "ValidateSignature_Error"
    key = base64.b64decode(encoding_aes_key + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(base64.b64decode(encrypt)) + decryptor.finalize()
    content = plain[16:-plain[-1]]
    (length,) = struct.unpack("!I", content[:4])
    assert content[4 + length:] == app_id.encode(), "ValidateAppid_Error"
    return content[4:4 + length].decode("utf-8")


def sample_encrypt(token: str, encoding_aes_key: str, app_id: str, xml: str, timestamp: str,
                   nonce: str, random16: bytes = b"0123456789abcdef") -> tuple[str, str]:
    """EncryptMsg of the sample: 16 random bytes, the network-order length, the XML and the
    AppID, padded to 32 bytes (PKCS#7), AES-CBC; the ciphertext and its msg_signature."""
    text = xml.encode("utf-8")
    plain = random16 + struct.pack("!I", len(text)) + text + app_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    key = base64.b64decode(encoding_aes_key + "=")
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    encrypt = base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode())
    return encrypt, signature.hexdigest()
