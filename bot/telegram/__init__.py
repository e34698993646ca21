"""The Telegram channel on aiogram 3: updates in (``convert``), replies out (``render``,
``sender``). Nothing outside this package imports aiogram."""
