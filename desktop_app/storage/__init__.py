"""Qt-free persistence: atomic files, drafts, outbox, officials' case store."""
