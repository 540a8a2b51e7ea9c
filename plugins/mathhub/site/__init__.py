"""The MkDocs layer: the only part of Math Hub that imports mkdocs."""
