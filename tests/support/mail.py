"""The reminder tests' mail: the sender and public address they configure, the contacts they import,
and an SMTP handler that keeps what it receives (run it with aiosmtpd's Controller on a free port)."""

from __future__ import annotations

import email
import email.message
import email.policy

from tests.support.codes import CHIYODA, CHUO, MINATO

BASE_URL = "https://hyojunka.example.jp"
SENDER = "cio-office@example.jp"
# Chiyoda's contact, the one to whom reminders go in the tests
CHIYODA_EMAIL = "yamada@city.chiyoda.example.jp"
CONTACTS_CSV = (
    "団体コード,メールアドレス,担当者,部署\n"
    f"{CHIYODA},{CHIYODA_EMAIL},山田 太郎,情報政策課\n"
    f"{CHUO},suzuki@city.chuo.example.jp,鈴木 花子,DX推進課\n"
    f"{MINATO},it@city.minato.example.jp,,情報システム課\n"
)


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"
