import sys

if sys.argv[1:] == ["--attachment-check"]:
    # The separate process that parses attachments (core.attachment_types), also when frozen.
    from desktop_app.core.attachment_types import serve

    serve()
elif sys.argv[1:] == ["--pdf-text"]:
    # The separate process that reads a bundle's PDF back for the import (officials.trust).
    from desktop_app.officials.trust import serve_pdf_text

    serve_pdf_text()
elif sys.argv[1:] == ["--font-coverage"]:
    # What the shipped fonts can show, read apart from the window (core.printable).
    from desktop_app.core.printable import serve_coverage

    serve_coverage()
elif sys.argv[1:] == ["--import-check"]:
    # The helper process that checks bundles ahead during a large import (officials).
    from desktop_app.officials.check_process import serve as serve_checking

    serve_checking()
elif sys.argv[1:] == ["--sign-worker"]:
    # The short-lived process that signs for the window (documents.signing_process).
    from desktop_app.documents.signing_process import serve as serve_signing

    serve_signing()
else:
    from desktop_app.cli import main

    raise SystemExit(main())
