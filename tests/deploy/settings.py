"""Production settings plus the demo-content app: only to seed a throwaway topology with `load_demo`.

The app servers themselves run `cms.settings.production`, which never installs the demo app.
"""

from cms.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
