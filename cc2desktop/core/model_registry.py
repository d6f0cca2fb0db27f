"""Imports every domain's models so that ``Base.metadata`` is complete (Alembic autogenerate,
``create_all`` in tests). Add one line per domain ``models`` module."""

# e.g. from cc2desktop.core.packs import models as _packs  # noqa: F401
from cc2desktop.core.certification import models as _certification  # noqa: F401
from cc2desktop.core.facilitation import models as _facilitation  # noqa: F401
from cc2desktop.core.learning import models as _learning  # noqa: F401
from cc2desktop.core.packs import models as _packs  # noqa: F401
from cc2desktop.core.sync import models as _sync  # noqa: F401
