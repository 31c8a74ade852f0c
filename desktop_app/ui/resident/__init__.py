"""The resident's window: a router (window.py) and one module per page or dialog."""
