"""What the citizen's report dialogue has gathered so far, and what it must have gathered by
each step: a state that claims to be at the summary without a story is not a draft this
version wrote, and is refused when read (see ``handlers.dialogue``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, model_validator

from complaints import intake
from complaints.kinds import ReportKind
from handlers.dialogue import DialogueState, StoredFile
from storage.reports import DOSSIER_MAX, OCCURRED_MAX, PROCEDURE_MAX

OFFICE_TEXT_MAX = 300  # the office as the citizen named it: enough for a full address

STEPS = (
    "kind",
    "office",
    "office_pick",
    "description",
    "when",
    "dossier",
    "procedure",
    "files",
    "identity",
    "name",
    "phone",
    "consent",
    "phone_notice",
    "confirm",
)
# The first step at which a field must be known (the story may come earlier, told first).
_KNOWN_FROM = {"kind": "office", "office_text": "office_pick", "description": "when"}
_NAMED_KNOWN_FROM = {"name": "phone", "phone": "consent"}  # only for a named report


class ReportDraft(DialogueState):
    earlier: str | None = None  # a complaint the citizen wrote before /report, offered as story
    kind: ReportKind | None = None
    kind_guess: ReportKind | None = None  # the kind offered first to confirm («ok» takes it)
    office_text: Annotated[str, Field(max_length=OFFICE_TEXT_MAX)] | None = None
    # (name, code) of the departments the office text matched
    office_choices: list[tuple[str, str]] = Field(default_factory=list)
    suggested: str | None = None  # the department code the citizen picked
    description: str | None = None
    occurred: Annotated[str, Field(max_length=OCCURRED_MAX)] | None = None
    dossier: Annotated[str, Field(max_length=DOSSIER_MAX)] | None = None
    procedure: Annotated[str, Field(max_length=PROCEDURE_MAX)] | None = None
    files: list[StoredFile] = Field(default_factory=list)
    named: bool | None = None
    name: str | None = None
    phone: str | None = None
    consent: bool = False
    notify_by_phone: bool | None = None  # asked only where a notice can reach the phone

    @model_validator(mode="after")
    def _complete_for_its_step(self, info: ValidationInfo) -> ReportDraft:
        step = (info.context or {}).get("step")
        if step is None:
            return self
        if step not in STEPS:
            raise ValueError("unknown step")
        known_from = dict(_KNOWN_FROM)
        if STEPS.index(step) > STEPS.index("identity"):
            if self.named is None:
                raise ValueError("identity not chosen")
            if self.named:
                known_from.update(_NAMED_KNOWN_FROM)
        at = STEPS.index(step)
        due = [field for field, first in known_from.items() if at >= STEPS.index(first)]
        missing = [field for field in due if not getattr(self, field)]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        return self

    def submission(self, channel: str) -> intake.Draft:
        """The draft as the queue takes it (the dialogue is at its last step, so the fields
        the check above requires are there)."""
        assert self.kind and self.office_text and self.description and self.named is not None
        return intake.Draft(
            kind=self.kind,
            office_text=self.office_text,
            description=self.description,
            suggested_department=self.suggested,
            occurred=self.occurred,
            dossier_code=self.dossier,
            procedure=self.procedure,
            named=self.named,
            reporter_name=self.name,
            reporter_phone=self.phone,
            consent_share=self.consent,
            files=[f.on(channel) for f in self.files],
            notify_by_phone=bool(self.notify_by_phone),
        )
