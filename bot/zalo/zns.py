"""The second rung of the Zalo OA delivery ladder: a ZNS template to the citizen's phone.

An OA may send a consultation message only within 7 days of the user's last message. After
that, the only way for the department's answer to reach a citizen who does not write again is
a template Zalo approved beforehand: ZNS (Zalo Notification Service), sent to a phone number,
paid per message by the OA. gopy sends it only for a report whose named citizen gave a phone
number and agreed to it in the report dialogue (``storage.reports.phone_notice_number``), and
only for messages that carry a ``Brief`` (the department's answer).

The call (sources in bot/zalo/README.md): ``POST {ZALO_ZNS_API_BASE}/message/template`` with
the OA access token in the ``access_token`` header and the JSON body ``phone`` (``84…``, no
leading 0 or +), ``template_id``, ``template_data`` (parameter name → string) and
``tracking_id`` (ours, for reconciliation); the answer is Zalo's envelope ``{"error": 0,
"data": {"msg_id": …}}`` or a negative ``error``.

Each province registers its own template, so its id and its parameters are configuration:
``ZALO_ZNS_TEMPLATE_ID`` and ``ZALO_ZNS_PARAMS``, a list of ``field=parameter:max_length``
where ``field`` is one of ``code`` (the report's code), ``department`` and ``answer`` (the
text of the news, cut at a word boundary to the length). The length of each parameter is
set by the parameter type chosen at registration; gopy never sends a longer value.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from bot.zalo.limits import ZNS_PARAM_MAX
from bot.zalo.render import clip
from handlers.messages import Brief

if TYPE_CHECKING:  # settings read this module's defaults without loading the HTTP client
    from bot.zalo.oa_api import ZaloOAClient

DEFAULT_ZNS_BASE = "https://business.openapi.zalo.me"
DEFAULT_PARAMS = "code=report_code:30,department=department:30,answer=answer:200"
RUNG = "zns"  # recorded on the outbox row of a message delivered this way

Field = Literal["code", "department", "answer"]
_PARAM = re.compile(r"^\s*(\w+)\s*=\s*(\w+)\s*:\s*(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class Param:
    field: Field
    name: str
    limit: int


@dataclass(frozen=True, slots=True)
class Template:
    template_id: str
    params: tuple[Param, ...]

    def data(self, brief: Brief) -> dict[str, str]:
        """``template_data`` for a brief: each value within its parameter's length."""
        values = {"code": brief.code, "department": brief.department, "answer": brief.text}
        return {p.name: clip(" ".join(values[p.field].split()), p.limit) for p in self.params}


def parse_params(text: str) -> tuple[Param, ...]:
    """``code=report_code:30,answer=answer:200`` → parameters; ValueError when malformed."""
    params = []
    for item in filter(str.strip, text.split(",")):
        match = _PARAM.match(item)
        if match is None or match[1] not in get_args(Field):
            raise ValueError(f"expected FIELD=PARAMETER:LENGTH with FIELD in {get_args(Field)}")
        limit = int(match[3])
        if not 1 <= limit <= ZNS_PARAM_MAX:
            raise ValueError(f"a ZNS parameter holds 1 to {ZNS_PARAM_MAX} characters")
        params.append(Param(match[1], match[2], limit))  # type: ignore[arg-type]
    if not any(p.field == "code" for p in params):
        raise ValueError("the template must carry the report's code")
    return tuple(params)


def international(phone: str) -> str:
    """``0912345678`` (as the report dialogue stores it) → ``84912345678``."""
    return "84" + phone.removeprefix("+").removeprefix("84").removeprefix("0")


NumberFor = Callable[[str, str], Awaitable[str | None]]  # (report code, chat id) → phone


class PhoneTemplate:
    """Sends a brief as the configured ZNS template to the number the citizen agreed to."""

    def __init__(
        self, client: ZaloOAClient, template: Template, number_for: NumberFor, base: str
    ) -> None:
        self._client = client
        self._template = template
        self._number_for = number_for
        self._url = f"{base.rstrip('/')}/message/template"

    async def number(self, brief: Brief, chat_id: str) -> str | None:
        return await self._number_for(brief.code, chat_id)

    async def send(self, phone: str, brief: Brief, tracking_id: str) -> None:
        """Raises ``ZaloOAError`` when Zalo refuses or does not answer."""
        body = {
            "phone": international(phone),
            "template_id": self._template.template_id,
            "template_data": self._template.data(brief),
            "tracking_id": tracking_id,
        }
        await self._client.call(self._url, body)
