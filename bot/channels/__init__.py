"""Input channels beyond Rasa's REST and Socket.IO ones: WeChat Official Accounts and Telegram.

`bot.channels.wechat.WeChatInput` and `bot.channels.telegram.TelegramInput` are referenced by
module path in `credentials.wechat.yml` / `credentials.telegram.yml` (select one with
`RASA_CREDENTIALS`); see docs/channels.md.
"""
