"""The resident's side below Qt: one service the window and the command line both call."""
