"""Think Family reflection checklists for safeguarding practitioners."""

__version__ = "0.1.0"
