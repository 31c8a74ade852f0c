"""pyHanko without its HTTP clients until something really goes online.

We sign offline (PAdES B-B: no timestamp server, no OCSP/CRL fetching), yet importing
`pyhanko.sign.signers` loads aiohttp (about 60 ms and 10 MB) through two modules: the
timestamp client (`pyhanko.sign.timestamps.aiohttp_client`) and the certificate fetchers
(`pyhanko_certvalidator.fetchers.aiohttp_fetchers`). `install()` puts a stand-in for each in
`sys.modules` before pyHanko is imported. A stand-in holds the one name pyHanko imports from
it; using that name (making a timestamper or a fetcher backend) imports the real module then
and hands over to it, so behaviour stays pyHanko's own if it is ever needed.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

# module -> the name pyHanko's other modules import from it
STAND_INS = {
    "pyhanko.sign.timestamps.aiohttp_client": "HTTPTimeStamper",
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": "AIOHttpFetcherBackend",
}


def _real(module: str) -> types.ModuleType:
    """The real module, imported now in place of its stand-in (all stand-ins leave at once:
    the real modules import each other)."""
    for name in STAND_INS:
        if getattr(sys.modules.get(name), "__stand_in__", False):
            del sys.modules[name]
    return importlib.import_module(module)


def _stand_in(module: str, name: str) -> types.ModuleType:
    stand_in = types.ModuleType(module, f"Stand-in for {module} (see {__name__}).")
    stand_in.__stand_in__ = True  # type: ignore[attr-defined]

    class Deferred:
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            return getattr(_real(module), name)(*args, **kwargs)

    Deferred.__name__ = Deferred.__qualname__ = name
    setattr(stand_in, name, Deferred)

    def module_getattr(attribute: str) -> Any:  # anything else: the real module's
        if attribute.startswith("__"):  # the import system asking (__path__, __file__…)
            raise AttributeError(attribute)
        return getattr(_real(module), attribute)

    stand_in.__getattr__ = module_getattr  # type: ignore[method-assign]
    return stand_in


def install() -> None:
    """Put the stand-ins in place, unless pyHanko's HTTP modules are already loaded."""
    for module, name in STAND_INS.items():
        if module not in sys.modules:
            sys.modules[module] = _stand_in(module, name)
