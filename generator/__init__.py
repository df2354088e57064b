"""handouts: a committee secretariat's agenda and handouts, as DOCX and PDF, from YAML."""

__version__ = "0.1.0"
