"""Safe mode and compatibility mode with WeChat's published sample (wechat_sample.py):
the sample's message decrypted, the sample's encrypted reply read, and the channel's encrypted
replies decrypted and verified by the sample's algorithm. No Rasa server."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET

import pytest
from rasa.shared.exceptions import RasaException

from bot.channels.wechat import WeChatInput
from bot.channels.wechat_crypto import CryptoError, WeChatCrypto
from tests.channels import wechat_sample as sample
from tests.channels.test_wechat_deliveries import RESPONSES, SlowAssistant
from tests.channels.wechat_payloads import reply_fields

CRYPTO = WeChatCrypto(sample.TOKEN, sample.ENCODING_AES_KEY, sample.APP_ID)


def test_the_samples_message_is_decrypted():
    xml = CRYPTO.decrypt(sample.ENCRYPT, sample.SAMPLE_QUERY).decode()
    assert "<Content><![CDATA[abcdteT]]></Content>" in xml
    assert "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>" in xml


def test_the_samples_encrypted_reply_is_read():
    query = {"timestamp": sample.REPLY_TIMESTAMP, "nonce": sample.NONCE,
             "msg_signature": sample.REPLY_SIGNATURE}
    xml = CRYPTO.decrypt(sample.REPLY_ENCRYPT, query).decode()
    assert "testCallBackReplyVideo" in xml and "oia2TjjewbmiOUlr6X-1crbLOvLw" in xml


@pytest.mark.parametrize("change", [
    {"msg_signature": "0" * 40}, {"msg_signature": None}, {"nonce": "1320562133"},
    {"timestamp": "1409735670"}])
def test_a_wrong_signature_is_refused(change):
    with pytest.raises(CryptoError):
        CRYPTO.decrypt(sample.ENCRYPT, {**sample.SAMPLE_QUERY, **change})


def test_a_message_for_another_account_is_refused():
    other = WeChatCrypto(sample.TOKEN, sample.ENCODING_AES_KEY, "wx0000000000000000")
    with pytest.raises(CryptoError, match="AppID"):
        other.decrypt(sample.ENCRYPT, sample.SAMPLE_QUERY)
    wrong_key = WeChatCrypto(sample.TOKEN, "B" * 43, sample.APP_ID)
    with pytest.raises(CryptoError):
        wrong_key.decrypt(sample.ENCRYPT, sample.SAMPLE_QUERY)


def channel() -> WeChatInput:
    return WeChatInput(sample.TOKEN, app_id=sample.APP_ID,
                       encoding_aes_key=sample.ENCODING_AES_KEY)


def envelope(reply: str) -> dict[str, str]:
    root = ET.fromstring(reply)
    assert root.tag == "xml"
    fields = {child.tag: child.text or "" for child in root}
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}, reply
    return fields


@pytest.mark.parametrize("body", [sample.SAFE_BODY, sample.COMPATIBLE_BODY],
                         ids=["safe mode", "compatibility mode"])
def test_an_encrypted_message_is_answered_with_a_reply_wechats_algorithm_accepts(body):
    assistant = SlowAssistant(delay=0)
    status, reply = asyncio.run(channel().handle(body, assistant, RESPONSES,
                                                 sample.SAMPLE_QUERY))
    assert status == 200
    assert assistant.processed == ["abcdteT"]
    fields = envelope(reply)
    assert fields["Nonce"] == sample.NONCE
    xml = sample.sample_decrypt(sample.TOKEN, sample.ENCODING_AES_KEY, sample.APP_ID,
                                fields["Encrypt"], fields["MsgSignature"], fields["TimeStamp"],
                                fields["Nonce"])
    inner = reply_fields(xml)
    assert inner["Content"] == "echo: abcdteT"
    assert (inner["ToUserName"], inner["FromUserName"]) == ("oyORnuP8q7ou2gfYjqLzSIWZf0rs",
                                                            "gh_10f6c3c3ac5a")


def test_a_forged_encrypted_message_is_refused_and_not_processed():
    assistant = SlowAssistant(delay=0)
    query = {**sample.SAMPLE_QUERY, "msg_signature": "f" * 40}
    status, _ = asyncio.run(channel().handle(sample.SAFE_BODY, assistant, RESPONSES, query))
    assert status == 403 and assistant.processed == []


def test_without_the_settings_an_encrypted_message_gets_501_and_a_plain_one_works():
    assistant = SlowAssistant(delay=0)
    plain_mode = WeChatInput(sample.TOKEN)
    status, _ = asyncio.run(plain_mode.handle(sample.SAFE_BODY, assistant, RESPONSES,
                                              sample.SAMPLE_QUERY))
    assert status == 501 and assistant.processed == []
    status, reply = asyncio.run(plain_mode.handle(sample.COMPATIBLE_BODY, assistant, RESPONSES))
    assert reply_fields(reply)["Content"] == "echo: abcdteT"  # the plain part of compatible mode


@pytest.mark.parametrize(("settings", "named"), [
    ({"encoding_aes_key": sample.ENCODING_AES_KEY}, "WECHAT_APP_ID"),
    ({"app_id": sample.APP_ID, "encoding_aes_key": "tooshort"}, "WECHAT_ENCODING_AES_KEY"),
    ({"app_id": sample.APP_ID, "encoding_aes_key": "!" * 43}, "WECHAT_ENCODING_AES_KEY"),
    ({"customer_service": "true", "app_id": sample.APP_ID}, "WECHAT_APP_SECRET"),
])
def test_incomplete_or_wrong_settings_stop_the_start_naming_the_variable(settings, named):
    with pytest.raises(RasaException, match=named):
        WeChatInput.from_credentials({"token": sample.TOKEN, **settings})


def test_empty_optional_settings_mean_plain_text_mode():
    credentials = {"token": sample.TOKEN, "app_id": "", "encoding_aes_key": None,
                   "app_secret": "", "customer_service": "false", "api_url": ""}
    wechat = WeChatInput.from_credentials(credentials)
    assert wechat.crypto is None and wechat.customer_service is None
    # the AppID alone (for the customer-service API) does not switch safe mode on
    assert WeChatInput.from_credentials({**credentials, "app_id": sample.APP_ID}).crypto is None
