"""Math Hub: one content model for lesson cartridges and rubrics, shared by the validator, the site and the reports."""

from __future__ import annotations

from .model import Cartridge, Rubric
from .problems import Problem
from .repository import Repository, load_repository
from .standards import Catalogue, load_catalogue

__all__ = ["Cartridge", "Catalogue", "Problem", "Repository", "Rubric", "load_catalogue", "load_repository"]
__version__ = "0.1.0"
