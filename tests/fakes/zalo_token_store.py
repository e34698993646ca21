"""An in-memory ``bot.zalo.oauth.TokenStore`` with the compare-and-swap a database store does."""

from __future__ import annotations

from bot.zalo.oauth import Tokens


class MemoryTokenStore:
    """Holds one set of tokens; ``save`` only replaces the refresh token it was told to."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self.tokens = tokens
        self.saves = 0

    async def load(self) -> Tokens | None:
        return self.tokens

    async def save(self, tokens: Tokens, *, replaces: str | None) -> bool:
        current = self.tokens.refresh_token if self.tokens else None
        if current != replaces:
            return False
        self.tokens = tokens
        self.saves += 1
        return True
