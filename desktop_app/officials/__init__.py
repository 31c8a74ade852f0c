"""Qt-free officials' side: case store, bundle import, export."""
