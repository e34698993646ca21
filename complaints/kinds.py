"""What a report is about (SPEC §3); the answer clock can differ per kind."""

from __future__ import annotations

from enum import StrEnum


class ReportKind(StrEnum):
    HARASSMENT = "harassment"
    """Nhũng nhiễu, gây phiền hà, asked for "bồi dưỡng"."""
    DELAY = "delay"
    """Trễ hẹn: a dossier past its appointment date."""
    EXTRA_PAPERS = "extra_papers"
    """Asked for papers the procedure does not require."""
    CONDUCT = "conduct"
    """Rude or absent staff."""
    OTHER = "other"
