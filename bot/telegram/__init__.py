"""The Telegram channel on aiogram 3: updates in (``convert``), replies out (``render``,
``sender``). Nothing outside this package imports aiogram, and everything imports it after
this package (``bot.ops.doctor``, the tests' conftest), so that it is imported as below.

Importing aiogram as it is builds pydantic's validators for all of Telegram's ~300 types in a
row (aiogram asks pydantic to defer them, then forces every one), each build redoing the
types it holds that were not built yet: 6 s of CPU (aiogram 3.31, pydantic 2.13) each time a
process that serves Telegram starts, and in every test process. Here that forced loop is
skipped and aiogram's methods are deferred as well; pydantic builds a model the first time it
is used, resolving its annotations with the names aiogram's loop would have used (which is
why ``model_rebuild`` stays wrapped, for aiogram's models only). The import costs about 2 s,
the first update 0.2 s more, and the types a bot never receives are never built.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel


def _import_aiogram() -> None:
    if "aiogram.types" in sys.modules:
        return  # imported already, the slow way: nothing left to save
    rebuild = BaseModel.__dict__["model_rebuild"]  # the classmethod itself
    names: dict[str, Any] = {}
    importing = [True]  # aiogram's forced loop runs only while it is imported

    def model_rebuild(cls: type[BaseModel], **kwargs: Any) -> bool | None:
        if cls.__module__.startswith("aiogram."):
            given = kwargs.get("_types_namespace")
            if given is not None and not names:
                names.update(given)  # aiogram's loop over its types: keep the names, build later
            if given is not None and importing[0] and cls.__module__.startswith("aiogram.types."):
                return None
            if given is None and names:
                kwargs["_types_namespace"] = names
        return rebuild.__func__(cls, **kwargs)

    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign, assignment]
    import aiogram.methods.base

    for model in (aiogram.methods.base.TelegramMethod, aiogram.methods.base.Response):
        model.model_config["defer_build"] = True
    import aiogram

    importing[0] = False


_import_aiogram()
