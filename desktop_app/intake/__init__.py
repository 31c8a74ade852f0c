"""The reference intake service a municipality can run (optional extra ``intake``):
``klein-initiatief intake --data DIR``. See docs/intake.md and docs/intake-openapi.yaml.

keys.py and store.py need nothing beyond the app itself; app.py and server.py need FastAPI
and uvicorn (``pip install 'klein-initiatief[intake]'``).
"""
