"""`python -m handouts`: the `handouts` command, where pip's Scripts folder is not on PATH.

Installed as the package `handouts` (pyproject maps it to this folder): in the repository a
folder named handouts/ would be taken for the papers `handouts build` writes there.
"""
