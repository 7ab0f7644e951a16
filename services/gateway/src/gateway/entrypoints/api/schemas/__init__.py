"""Public API models, one module per family: XCreate in, XPublic / XsPublic out."""
