"""Model → document tree: the templates choose the words and the styles of every paper."""
