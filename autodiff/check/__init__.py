"""The gradient checker: forward mode, reverse mode and finite differences compared."""
