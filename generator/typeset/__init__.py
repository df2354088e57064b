"""Document tree → pages: styles, fonts, the glyph check, JIS X 4051 line breaking, layout."""
