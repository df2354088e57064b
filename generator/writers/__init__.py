"""Typeset papers → files: DOCX, PDF, the packets and the manifest."""
