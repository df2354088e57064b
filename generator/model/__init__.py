"""Content → validated model: a meeting folder, its committee, its handouts and attachments."""

from .committee import Committee
from .load import Handout, MeetingContent, load_meeting
from .meeting import Material, Meeting

__all__ = ["Committee", "Handout", "Material", "Meeting", "MeetingContent", "load_meeting"]
