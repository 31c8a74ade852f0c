"""The command line's exit codes, as docs/design.md promises them to scripts."""

EXIT_OK = 0  # done
EXIT_FAILS = 1  # the input is understood but fails (rules, signature, integrity)
EXIT_UNREADABLE = 2  # the input cannot be read, or the command is wrong
EXIT_INTERRUPTED = 130  # Ctrl+C
