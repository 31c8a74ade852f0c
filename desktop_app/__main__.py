import sys

if sys.argv[1:] == ["--attachment-check"]:
    # The separate process that parses attachments (core.attachment_types), also when frozen.
    from desktop_app.core.attachment_types import serve

    serve()
else:
    from desktop_app.cli import main

    raise SystemExit(main())
