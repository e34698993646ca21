"""Every refusal a queue rule can give has a sentence in both languages."""

from __future__ import annotations

from complaints.lifecycle import REASONS
from complaints.transfers import REFUSALS
from handlers.i18n import catalogue


def test_every_rule_refusal_has_a_text() -> None:
    for locale in ("vi", "en"):
        texts = catalogue(locale)
        missing = {r for r in REASONS | REFUSALS if f"refusal.{r}" not in texts}
        assert not missing, (locale, missing)
