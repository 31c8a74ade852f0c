import sys

if sys.argv[1:] == ["--attachment-check"]:
    # The separate process that parses attachments (core.attachment_types), also when frozen.
    from desktop_app.core.attachment_types import serve

    serve()
elif sys.argv[1:] == ["--pdf-text"]:
    # The separate process that reads a bundle's PDF back for the import (officials.trust).
    from desktop_app.officials.trust import serve_pdf_text

    serve_pdf_text()
else:
    from desktop_app.cli import main

    raise SystemExit(main())
