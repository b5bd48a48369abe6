from portal.formats.common import *  # noqa: F403
